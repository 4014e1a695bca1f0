package io.cpesentinel.ingest.receiver;

import io.cpesentinel.ingest.acs.AcsEventContext;
import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.http.AuthorizationHeader;
import io.cpesentinel.ingest.http.Peer;
import io.cpesentinel.ingest.kafka.KafkaUnavailableException;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.kafka.RecordPublisher;
import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees the 401s the receiver's authenticator sends: a request that carried credentials and was
 * refused becomes an AUTH_FAILURE event (source address, method, user name; the device is not known
 * yet, the body is never read), and bare challenges are counted, and emitted too when configured.
 * Jetty answers the 401 itself, so these events are best effort, unlike Informs.
 */
public final class AuthFailureObserver extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(AuthFailureObserver.class);

  private final String node;
  private final boolean emitChallenges;
  private final AcsEvents events;
  private final RecordPublisher publisher;
  private final IngestMetrics metrics;
  private final Clock clock;

  public AuthFailureObserver(
      Handler handler,
      String node,
      boolean emitChallenges,
      AcsEvents events,
      RecordPublisher publisher,
      IngestMetrics metrics,
      Clock clock) {
    super(handler);
    this.node = node;
    this.emitChallenges = emitChallenges;
    this.events = events;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Instant received = clock.instant();
    Callback observing =
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            if (response.getStatus() == 401) {
              observe(request, response, received);
            }
            super.succeeded();
          }
        };
    return super.handle(request, response, observing);
  }

  private void observe(Request request, Response response, Instant received) {
    AuthorizationHeader offered =
        AuthorizationHeader.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    AuthMethod method =
        offered != null
            ? offered.method()
            : AuthorizationHeader.challengeMethod(
                response.getHeaders().get(HttpHeader.WWW_AUTHENTICATE));
    String outcome = offered == null ? "challenge" : "failure";
    metrics.auth(outcome, method.name().toLowerCase(Locale.ROOT));
    if (offered == null && !emitChallenges) {
      return;
    }
    AcsEventContext context =
        new AcsEventContext(
            AcsEventOrigin.OTHER, received, received, node, null, Peer.of(request).ip());
    AcsEvent event =
        events.auth(
            context,
            false,
            method,
            offered == null ? null : offered.username(),
            offered == null ? "challenge: no credentials sent" : "credentials rejected");
    try {
      publisher.publish(List.of(new Outgoing.Event(event, context.recordKey())));
    } catch (KafkaUnavailableException e) {
      LOG.warn("auth failure event from {} not published: {}", context.sourceIp(), e.getMessage());
    }
  }
}
