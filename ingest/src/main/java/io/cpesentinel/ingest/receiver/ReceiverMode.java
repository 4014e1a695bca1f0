package io.cpesentinel.ingest.receiver;

import io.cpesentinel.ingest.acs.AcsEventContext;
import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.InformRecords;
import io.cpesentinel.ingest.cwmp.SoapResponses;
import io.cpesentinel.ingest.http.AckedReplies;
import io.cpesentinel.ingest.http.CwmpExchange;
import io.cpesentinel.ingest.http.CwmpMode;
import io.cpesentinel.ingest.http.HttpResponses;
import io.cpesentinel.ingest.http.Rejections;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.session.CwmpSession;
import io.cpesentinel.ingest.session.CwmpSessions;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.server.Request;

/**
 * The ingest as the ACS: for mirrored traffic, labs and simulators. It answers each Inform with an
 * InformResponse once Kafka acknowledged the record, handles the CPE's TransferComplete,
 * AutonomousTransferComplete and GetRPCMethods, sends no RPCs of its own, and ends the session with
 * 204 on the CPE's empty POST.
 */
public final class ReceiverMode implements CwmpMode {
  /** CWMP fault code "Method not supported" (ACS side). */
  private static final int METHOD_NOT_SUPPORTED = 8000;

  static final String SESSION_COOKIE = "cwmp_sid";

  private final String node;
  private final boolean authRequired;
  private final CwmpSessions sessions;
  private final InformRecords informs;
  private final AcsEvents events;
  private final SoapResponses soap;
  private final AckedReplies replies;
  private final Rejections rejections;

  public ReceiverMode(
      String node,
      boolean authRequired,
      CwmpSessions sessions,
      InformRecords informs,
      AcsEvents events,
      SoapResponses soap,
      AckedReplies replies,
      Rejections rejections) {
    this.node = node;
    this.authRequired = authRequired;
    this.sessions = sessions;
    this.informs = informs;
    this.events = events;
    this.soap = soap;
    this.replies = replies;
    this.rejections = rejections;
  }

  @Override
  public IngestMode mode() {
    return IngestMode.RECEIVER;
  }

  @Override
  public void handle(CwmpExchange x) {
    if (x.isEmptyPost()) {
      endSession(x);
      return;
    }
    CwmpEnvelope envelope = x.envelope();
    CwmpMessage message = envelope.message();
    if (message instanceof CwmpMessage.Inform inform) {
      onInform(x, envelope, inform);
      return;
    }
    CwmpSession session = x.session();
    if (session == null || !session.hasInform()) {
      rejections.reject(
          x.response(),
          x.callback(),
          x.peer(),
          x.body(),
          envelope.cwmpNamespace(),
          null,
          new RejectedInputException(
              RejectReason.NOT_AN_INFORM,
              "a CWMP session starts with an Inform; got " + message.method()));
      return;
    }
    String ns = session.cwmpNamespace();
    if (message instanceof CwmpMessage.TransferComplete transfer) {
      AcsEventContext context =
          new AcsEventContext(
              AcsEventOrigin.OTHER,
              x.receivedAt(),
              x.receivedAt(),
              node,
              session.deviceKey(),
              x.peer().ip());
      List<Outgoing> records =
          List.of(
              new Outgoing.Event(
                  events.fromCpeMessage(context, transfer, Optional.empty()), context.recordKey()));
      byte[] answer = soap.emptyResponse(ns, envelope.id(), transfer.method());
      replies.publishThen(
          x.response(), x.callback(), executor(x), records, () -> soapReply(x, answer));
    } else if ("GetRPCMethods".equals(message.method())) {
      soapReply(x, soap.getRpcMethodsResponse(ns, envelope.id()));
    } else if (message instanceof CwmpMessage.Fault
        || message instanceof CwmpMessage.Rpc rpc && rpc.isResponse()) {
      // This ACS never sends requests, so there is nothing to answer: end the CPE's turn.
      endSession(x);
    } else {
      soapReply(
          x,
          soap.fault(
              ns,
              envelope.id(),
              METHOD_NOT_SUPPORTED,
              "method " + message.method() + " is not supported by this ACS"));
    }
  }

  private void onInform(CwmpExchange x, CwmpEnvelope envelope, CwmpMessage.Inform inform) {
    CwmpSession session = x.session() != null ? x.session() : sessions.start(x.request());
    session.informed(inform.deviceId(), envelope.cwmpNamespace());
    List<Outgoing> records = new ArrayList<>(2);
    AuthOutcome auth = authenticate(x, session, records);
    IngestContext context =
        new IngestContext(x.peer().ip(), x.peer().port(), x.peer().tls(), auth, mode(), node);
    CwmpInform record = informs.toRecord(envelope, inform, context, x.receivedAt());
    records.add(0, new Outgoing.Inform(record));
    byte[] answer = soap.informResponse(envelope.cwmpNamespace(), envelope.id());
    replies.publishThen(
        x.response(),
        x.callback(),
        executor(x),
        records,
        () -> {
          sessions.bindCookie(SESSION_COOKIE, session.id(), session);
          x.response()
              .getHeaders()
              .add(
                  HttpHeader.SET_COOKIE,
                  SESSION_COOKIE
                      + "="
                      + session.id()
                      + "; Path=/; HttpOnly"
                      + (x.peer().tls() ? "; Secure" : ""));
          soapReply(x, answer);
        });
  }

  /**
   * The session's auth outcome; on the request that authenticated, an AUTH_SUCCESS event joins the
   * records.
   */
  private AuthOutcome authenticate(CwmpExchange x, CwmpSession session, List<Outgoing> records) {
    if (!authRequired) {
      return AuthOutcome.NOT_REQUIRED;
    }
    if (Request.getAuthenticationState(x.request()) instanceof AuthenticationState.Succeeded ok
        && session.authOutcome() != AuthOutcome.SUCCEEDED) {
      AuthMethod method =
          "DIGEST".equalsIgnoreCase(ok.getAuthenticationType())
              ? AuthMethod.DIGEST
              : AuthMethod.BASIC;
      String user = ok.getUserPrincipal().getName();
      session.authenticated(AuthOutcome.SUCCEEDED, method, user);
      AcsEventContext context =
          new AcsEventContext(
              AcsEventOrigin.OTHER,
              x.receivedAt(),
              x.receivedAt(),
              node,
              session.deviceKey(),
              x.peer().ip());
      records.add(
          new Outgoing.Event(events.auth(context, true, method, user, null), context.recordKey()));
    }
    return session.authOutcome() == AuthOutcome.UNKNOWN
        ? AuthOutcome.SUCCEEDED
        : session.authOutcome();
  }

  private void endSession(CwmpExchange x) {
    if (x.session() != null) {
      sessions.end(x.request(), x.session());
    }
    HttpResponses.send(x.response(), x.callback(), 204, null, null);
  }

  private static void soapReply(CwmpExchange x, byte[] envelope) {
    HttpResponses.send(x.response(), x.callback(), 200, HttpResponses.SOAP_XML, envelope);
  }

  private static java.util.concurrent.Executor executor(CwmpExchange x) {
    return x.request().getComponents().getExecutor();
  }
}
