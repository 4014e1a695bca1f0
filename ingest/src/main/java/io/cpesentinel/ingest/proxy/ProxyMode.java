package io.cpesentinel.ingest.proxy;

import io.cpesentinel.ingest.acs.AcsEventContext;
import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.acs.PendingRequest;
import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.cwmp.InformRecords;
import io.cpesentinel.ingest.http.AckedReplies;
import io.cpesentinel.ingest.http.AuthorizationHeader;
import io.cpesentinel.ingest.http.ContentCodings;
import io.cpesentinel.ingest.http.CwmpExchange;
import io.cpesentinel.ingest.http.CwmpMode;
import io.cpesentinel.ingest.http.HttpResponses;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.ingest.session.CwmpSession;
import io.cpesentinel.ingest.session.CwmpSessions;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest as a tap in front of the operator's ACS: every CPE POST is forwarded (on a connection
 * pinned to the CPE's), and the ACS's answer is relayed once the records it implies are safe in
 * Kafka. Those records are the Inform itself, what the CPE answered (responses, faults,
 * TransferComplete), what the ACS sent down (SetParameterValues, Add/DeleteObject, Download,
 * Reboot, FactoryReset, …), and the HTTP authentication outcome of the session.
 *
 * <p>An Inform is published only when the ACS accepted it (2xx): a challenged Inform is resent with
 * credentials, and counting both would double it.
 */
public final class ProxyMode implements CwmpMode {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyMode.class);

  private final String node;
  private final boolean emitChallenges;
  private final UpstreamClient upstream;
  private final CwmpSessions sessions;
  private final CwmpParser parser;
  private final InformRecords informs;
  private final AcsEvents events;
  private final AckedReplies replies;
  private final IngestMetrics metrics;
  private final Duration retryAfter;
  private final int maxResponseBytes;
  private final Clock clock;

  public ProxyMode(
      String node,
      boolean emitChallenges,
      UpstreamClient upstream,
      CwmpSessions sessions,
      CwmpParser parser,
      InformRecords informs,
      AcsEvents events,
      AckedReplies replies,
      IngestMetrics metrics,
      Duration retryAfter,
      int maxResponseBytes,
      Clock clock) {
    this.node = node;
    this.emitChallenges = emitChallenges;
    this.upstream = upstream;
    this.sessions = sessions;
    this.parser = parser;
    this.informs = informs;
    this.events = events;
    this.replies = replies;
    this.metrics = metrics;
    this.retryAfter = retryAfter;
    this.maxResponseBytes = maxResponseBytes;
    this.clock = clock;
  }

  @Override
  public IngestMode mode() {
    return IngestMode.PROXY;
  }

  @Override
  public void handle(CwmpExchange x) {
    CwmpSession session = x.session() != null ? x.session() : sessions.start(x.request());
    if (x.envelope() != null && x.envelope().message() instanceof CwmpMessage.Inform inform) {
      session.informed(inform.deviceId(), x.envelope().cwmpNamespace());
    }
    AuthorizationHeader offered =
        AuthorizationHeader.parse(x.request().getHeaders().get(HttpHeader.AUTHORIZATION));
    upstream
        .forward(x.request(), x.body(), x.peer())
        .whenCompleteAsync(
            (answer, error) -> {
              if (error != null) {
                metrics.upstreamError();
                LOG.debug(
                    "upstream ACS did not answer for {}: {}",
                    x.peer().describe(),
                    error.toString());
                HttpResponses.unavailable(
                    x.response(), x.callback(), retryAfter, "upstream ACS unreachable");
                return;
              }
              onAnswer(x, session, offered, answer);
            },
            x.request().getComponents().getExecutor());
  }

  private void onAnswer(
      CwmpExchange x, CwmpSession session, AuthorizationHeader offered, UpstreamResponse answer) {
    AcsEventContext context =
        new AcsEventContext(
            AcsEventOrigin.CWMP_PROXY,
            x.receivedAt(),
            clock.instant(),
            upstream.authority(),
            session.deviceKey(),
            x.peer().ip());
    List<Outgoing> records = new ArrayList<>(3);
    observeAuth(context, session, offered, answer, records);
    boolean accepted = answer.status() >= 200 && answer.status() < 300;
    if (accepted && x.envelope() != null) {
      recordCpeMessage(x, session, context, records);
    }
    if (accepted) {
      recordAcsMessage(session, context, answer, records);
    }
    if (answer.status() == 204) {
      sessions.end(x.request(), session);
    }
    bindCookies(session, answer);
    replies.publishThen(
        x.response(),
        x.callback(),
        x.request().getComponents().getExecutor(),
        records,
        () -> relay(x.response(), x, answer));
  }

  private void observeAuth(
      AcsEventContext context,
      CwmpSession session,
      AuthorizationHeader offered,
      UpstreamResponse answer,
      List<Outgoing> records) {
    if (answer.status() == 401) {
      AuthMethod method =
          offered != null
              ? offered.method()
              : AuthorizationHeader.challengeMethod(
                  answer.headers().get(HttpHeader.WWW_AUTHENTICATE));
      metrics.auth(offered == null ? "challenge" : "failure", label(method));
      if (offered != null) {
        session.authenticated(AuthOutcome.FAILED, method, offered.username());
        records.add(
            event(
                context,
                events.auth(context, false, method, offered.username(), "credentials rejected")));
      } else if (emitChallenges) {
        records.add(
            event(
                context,
                events.auth(context, false, method, null, "challenge: no credentials sent")));
      }
      return;
    }
    boolean accepted = answer.status() >= 200 && answer.status() < 300;
    if (accepted && offered != null && session.authOutcome() != AuthOutcome.SUCCEEDED) {
      session.authenticated(AuthOutcome.SUCCEEDED, offered.method(), offered.username());
      metrics.auth("success", label(offered.method()));
      records.add(
          event(context, events.auth(context, true, offered.method(), offered.username(), null)));
    }
  }

  private void recordCpeMessage(
      CwmpExchange x, CwmpSession session, AcsEventContext context, List<Outgoing> records) {
    CwmpEnvelope envelope = x.envelope();
    CwmpMessage message = envelope.message();
    if (message instanceof CwmpMessage.Inform inform) {
      AuthOutcome auth =
          session.authOutcome() == AuthOutcome.UNKNOWN
              ? AuthOutcome.NOT_REQUIRED
              : session.authOutcome();
      IngestContext seen =
          new IngestContext(x.peer().ip(), x.peer().port(), x.peer().tls(), auth, mode(), node);
      records.add(0, new Outgoing.Inform(informs.toRecord(envelope, inform, seen, x.receivedAt())));
      return;
    }
    boolean answers =
        message instanceof CwmpMessage.Fault
            || message instanceof CwmpMessage.Rpc rpc && rpc.isResponse();
    Optional<PendingRequest> answered =
        answers ? session.answered(envelope.id()) : Optional.empty();
    records.add(event(context, events.fromCpeMessage(context, message, answered)));
  }

  private void recordAcsMessage(
      CwmpSession session,
      AcsEventContext context,
      UpstreamResponse answer,
      List<Outgoing> records) {
    if (answer.body().length == 0) {
      return;
    }
    CwmpEnvelope down;
    try {
      String coding = ContentCodings.check(answer.headers().get(HttpHeader.CONTENT_ENCODING));
      down = parser.parse(ContentCodings.decode(coding, answer.body(), maxResponseBytes));
    } catch (RejectedInputException e) {
      // The ACS is the operator's own; relay its answer anyway, but say that it was not read.
      metrics.upstreamError();
      LOG.warn("cannot read the upstream ACS's answer: {}", e.describe());
      return;
    }
    CwmpMessage message = down.message();
    events
        .fromAcsMessage(context, message, down.id())
        .ifPresent(
            event -> {
              session.sent(down.id(), new PendingRequest(message.method(), event.getCommandKey()));
              records.add(event(context, event));
            });
  }

  private void bindCookies(CwmpSession session, UpstreamResponse answer) {
    for (HttpField field : answer.headers().getFields(HttpHeader.SET_COOKIE)) {
      String pair = field.getValue().split(";", 2)[0];
      int equals = pair.indexOf('=');
      if (equals > 0) {
        sessions.bindCookie(
            pair.substring(0, equals).strip(), pair.substring(equals + 1).strip(), session);
      }
    }
  }

  private static void relay(Response response, CwmpExchange x, UpstreamResponse answer) {
    String contentType = null;
    for (HttpField field : answer.headers()) {
      if (field.getHeader() == HttpHeader.CONTENT_TYPE) {
        contentType = field.getValue();
      } else if (!HopByHop.isHopByHop(field)) {
        response.getHeaders().add(field);
      }
    }
    HttpResponses.send(response, x.callback(), answer.status(), contentType, answer.body());
  }

  private static Outgoing event(AcsEventContext context, io.cpesentinel.schema.AcsEvent event) {
    return new Outgoing.Event(event, context.recordKey());
  }

  private static String label(AuthMethod method) {
    return method.name().toLowerCase(Locale.ROOT);
  }
}
