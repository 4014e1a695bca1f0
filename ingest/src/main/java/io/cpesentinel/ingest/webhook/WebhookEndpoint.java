package io.cpesentinel.ingest.webhook;

import io.cpesentinel.ingest.http.AckedReplies;
import io.cpesentinel.ingest.http.BodyReader;
import io.cpesentinel.ingest.http.HttpResponses;
import io.cpesentinel.ingest.http.Peer;
import io.cpesentinel.ingest.http.Rejections;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/acs-events}: ACSs that can call a webhook send their events here as JSON (schema
 * v1, {@link AcsEventBatchV1}), authenticated with a bearer token. The answer is 202 with the event
 * ids once Kafka acknowledged every event; a body that does not match the schema is refused whole
 * with 400 and the path of the first bad field.
 */
public final class WebhookEndpoint extends Handler.Abstract {
  public static final String PATH = "/v1/acs-events";

  private final byte[] token;
  private final BodyReader bodies;
  private final WebhookEvents events;
  private final AckedReplies replies;
  private final Rejections rejections;
  private final JsonErrorFormat json = new JsonErrorFormat();
  private final Clock clock;

  public WebhookEndpoint(
      String token,
      BodyReader bodies,
      WebhookEvents events,
      AckedReplies replies,
      Rejections rejections,
      Clock clock) {
    this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.bodies = bodies;
    this.events = events;
    this.replies = replies;
    this.rejections = rejections;
    this.clock = clock;
  }

  /** The JSON error format of this endpoint, for its {@link Rejections}. */
  public static Rejections.ErrorFormat errorFormat() {
    return new JsonErrorFormat();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      error(response, callback, 404, "NOT_FOUND", "the ACS event endpoint is POST " + PATH);
      return true;
    }
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      error(response, callback, 405, "METHOD_NOT_ALLOWED", "use POST");
      return true;
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization == null
        || !MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"acs-events\"");
      error(response, callback, 401, "UNAUTHORIZED", "a valid bearer token is required");
      return true;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      error(response, callback, 415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
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
              accept(request, response, callback, peer, received, body);
            },
            request.getComponents().getExecutor());
    return true;
  }

  private void accept(
      Request request,
      Response response,
      Callback callback,
      Peer peer,
      Instant received,
      byte[] body) {
    List<Outgoing.Event> accepted;
    try {
      accepted = events.read(body, peer.ip(), received);
    } catch (RejectedInputException e) {
      rejections.reject(response, callback, peer, body, null, null, e);
      return;
    }
    List<Outgoing> records = List.copyOf(accepted);
    List<String> ids = accepted.stream().map(e -> e.record().getEventId()).toList();
    replies.publishThen(
        response,
        callback,
        request.getComponents().getExecutor(),
        records,
        () ->
            HttpResponses.send(
                response,
                callback,
                202,
                HttpResponses.JSON,
                json.json(Map.of("accepted", ids.size(), "eventIds", ids))));
  }

  private void error(Response response, Callback callback, int status, String reason, String text) {
    HttpResponses.send(
        response,
        callback,
        status,
        HttpResponses.JSON,
        json.json(Map.of("reason", reason, "error", text)));
  }
}
