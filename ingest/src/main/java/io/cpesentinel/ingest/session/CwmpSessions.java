package io.cpesentinel.ingest.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cpesentinel.ingest.http.Peer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/**
 * Finds the CWMP session a request belongs to: by a session cookie when the CPE sends one (it may
 * open a new TCP connection mid-session), else by the TCP connection (many CPEs ignore cookies but
 * keep the connection). Sessions expire after {@code timeout} without a message and the number kept
 * is bounded, so abandoned sessions cost nothing for long.
 */
public final class CwmpSessions {
  private static final String CONNECTION_ATTRIBUTE = CwmpSession.class.getName();

  private final Cache<String, CwmpSession> byCookie;
  private final SecureRandom random = new SecureRandom();

  public CwmpSessions(Duration timeout, long maxSessions) {
    this.byCookie =
        Caffeine.newBuilder().expireAfterAccess(timeout).maximumSize(maxSessions).build();
  }

  /** The session of this request, or null when it starts a new one. */
  public CwmpSession find(Request request) {
    List<HttpCookie> cookies = Request.getCookies(request);
    for (HttpCookie cookie : cookies) {
      CwmpSession session = byCookie.getIfPresent(cookieKey(cookie.getName(), cookie.getValue()));
      if (session != null) {
        bindToConnection(request, session);
        return session;
      }
    }
    Object bound = request.getConnectionMetaData().getAttribute(CONNECTION_ATTRIBUTE);
    return bound instanceof CwmpSession session ? session : null;
  }

  /** Starts a session on this request's connection. */
  public CwmpSession start(Request request) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    CwmpSession session = new CwmpSession(HexFormat.of().formatHex(bytes), Peer.of(request));
    bindToConnection(request, session);
    return session;
  }

  /** Finds the session by {@code name=value} of a cookie the CPE will send back. */
  public void bindCookie(String name, String value, CwmpSession session) {
    String key = cookieKey(name, value);
    session.cookieKeys().add(key);
    byCookie.put(key, session);
  }

  /** Forgets the session: the CPE's next POST starts a new one. */
  public void end(Request request, CwmpSession session) {
    request.getConnectionMetaData().removeAttribute(CONNECTION_ATTRIBUTE);
    byCookie.invalidateAll(session.cookieKeys());
  }

  private static void bindToConnection(Request request, CwmpSession session) {
    request.getConnectionMetaData().setAttribute(CONNECTION_ATTRIBUTE, session);
  }

  private static String cookieKey(String name, String value) {
    return name + "=" + value;
  }
}
