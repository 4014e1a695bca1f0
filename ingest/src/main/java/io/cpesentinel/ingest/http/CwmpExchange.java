package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.session.CwmpSession;
import java.time.Instant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One POST of a CWMP session, read and parsed: what a {@link CwmpMode} needs to answer it.
 *
 * @param body the decoded body as received (empty for the CPE's empty POST)
 * @param envelope the parsed envelope, or null for an empty POST
 * @param session the session the request belongs to, or null if it starts one
 */
public record CwmpExchange(
    Request request,
    Response response,
    Callback callback,
    Peer peer,
    Instant receivedAt,
    byte[] body,
    CwmpEnvelope envelope,
    CwmpSession session) {

  public boolean isEmptyPost() {
    return envelope == null;
  }
}
