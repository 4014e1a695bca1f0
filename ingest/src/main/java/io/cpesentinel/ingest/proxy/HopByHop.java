package io.cpesentinel.ingest.proxy;

import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Headers that describe one HTTP connection and so are not relayed by a proxy (RFC 9110 §7.6.1),
 * plus the framing headers the relaying side recomputes. Everything else, including cookies,
 * Authorization and WWW-Authenticate, passes unchanged.
 */
final class HopByHop {
  private static final Set<HttpHeader> HEADERS =
      Set.of(
          HttpHeader.CONNECTION,
          HttpHeader.KEEP_ALIVE,
          HttpHeader.PROXY_AUTHENTICATE,
          HttpHeader.PROXY_AUTHORIZATION,
          HttpHeader.PROXY_CONNECTION,
          HttpHeader.TE,
          HttpHeader.TRAILER,
          HttpHeader.TRANSFER_ENCODING,
          HttpHeader.UPGRADE,
          HttpHeader.CONTENT_LENGTH,
          HttpHeader.HOST);

  private HopByHop() {}

  static boolean isHopByHop(HttpField field) {
    return field.getHeader() != null && HEADERS.contains(field.getHeader());
  }
}
