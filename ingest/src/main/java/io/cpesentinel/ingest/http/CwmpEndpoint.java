package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.session.CwmpSession;
import io.cpesentinel.ingest.session.CwmpSessions;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPE-facing HTTP endpoint: accepts POSTs only, reads the body without blocking (bounded in
 * size and time), finds the session, parses the envelope, and hands the exchange to the {@link
 * CwmpMode}. Anything unreadable is refused through {@link Rejections}.
 */
public final class CwmpEndpoint extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(CwmpEndpoint.class);

  private final BodyReader bodies;
  private final CwmpParser parser;
  private final CwmpSessions sessions;
  private final Rejections rejections;
  private final CwmpMode mode;
  private final Clock clock;

  public CwmpEndpoint(
      BodyReader bodies,
      CwmpParser parser,
      CwmpSessions sessions,
      Rejections rejections,
      CwmpMode mode,
      Clock clock) {
    this.bodies = bodies;
    this.parser = parser;
    this.sessions = sessions;
    this.rejections = rejections;
    this.mode = mode;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      HttpResponses.text(response, callback, 405, "CWMP sessions use POST");
      return true;
    }
    Instant received = clock.instant();
    Peer peer = Peer.of(request);
    bodies
        .read(request)
        .whenCompleteAsync(
            (body, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof RejectedInputException rejected) {
                  rejections.reject(response, callback, peer, new byte[0], null, null, rejected);
                } else {
                  callback.failed(cause);
                }
                return;
              }
              dispatch(request, response, callback, peer, received, body);
            },
            request.getComponents().getExecutor());
    return true;
  }

  private void dispatch(
      Request request,
      Response response,
      Callback callback,
      Peer peer,
      Instant received,
      byte[] body) {
    CwmpSession session = sessions.find(request);
    try {
      CwmpEnvelope envelope = isBlank(body) ? null : parser.parse(body);
      mode.handle(
          new CwmpExchange(request, response, callback, peer, received, body, envelope, session));
    } catch (RejectedInputException e) {
      String namespace = session == null ? null : session.cwmpNamespace();
      String device = session == null ? null : session.deviceKey();
      rejections.reject(response, callback, peer, body, namespace, device, e);
    } catch (RuntimeException e) {
      LOG.error("CWMP request from {} failed", peer.describe(), e);
      rejections.failed(response, callback, e);
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
