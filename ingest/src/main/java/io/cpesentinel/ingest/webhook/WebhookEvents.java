package io.cpesentinel.ingest.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cpesentinel.config.JsonErrors;
import io.cpesentinel.ingest.acs.AcsEventContext;
import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthDetail;
import io.cpesentinel.schema.CwmpFault;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.DownloadDetail;
import io.cpesentinel.schema.ParameterFault;
import io.cpesentinel.schema.ParameterValue;
import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a v1 webhook body strictly (unknown fields, missing required fields, wrong types, duplicate
 * keys, trailing data and oversized strings are all refused with the field's path) and turns it
 * into {@code AcsEvent}s.
 */
public final class WebhookEvents {
  private static final Pattern IP_LITERAL =
      Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]{1,44}");

  private final JsonMapper mapper;
  private final AcsEvents events;
  private final int maxEvents;

  public WebhookEvents(AcsEvents events, int maxEvents) {
    this.events = events;
    this.maxEvents = maxEvents;
    this.mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxStringLength(65_536)
                .maxNumberLength(20)
                .build());
  }

  /**
   * The events of one body.
   *
   * @param sourceIp the caller's address (for logs; events carry the CPE's address if given)
   */
  public List<Outgoing.Event> read(byte[] body, String sourceIp, Instant received)
      throws RejectedInputException {
    AcsEventBatchV1 batch;
    try {
      batch = mapper.readValue(body, AcsEventBatchV1.class);
    } catch (JsonMappingException e) {
      throw invalid(JsonErrors.describe(e), e);
    } catch (JsonProcessingException e) {
      throw invalid("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw invalid("cannot read the body: " + e, e);
    }
    if (batch == null || batch.events().isEmpty()) {
      throw invalid("events: must hold at least one event", null);
    }
    if (batch.events().size() > maxEvents) {
      throw invalid(
          "events: " + batch.events().size() + " events in one body; at most " + maxEvents, null);
    }
    List<Outgoing.Event> result = new ArrayList<>(batch.events().size());
    for (int i = 0; i < batch.events().size(); i++) {
      result.add(toEvent("events[" + i + "]", batch.events().get(i), sourceIp, received));
    }
    return result;
  }

  private Outgoing.Event toEvent(
      String at, AcsEventBatchV1.Event e, String caller, Instant received)
      throws RejectedInputException {
    Instant occurred = instant(at + ".occurredAt", e.occurredAt());
    String deviceKey = deviceKey(at, e);
    if (e.sourceIp() != null && !IP_LITERAL.matcher(e.sourceIp()).matches()) {
      throw invalid(at + ".sourceIp: '" + e.sourceIp() + "' is not an IP address", null);
    }
    if (e.sourceIp() != null) {
      checkIp(at + ".sourceIp", e.sourceIp());
    }
    AcsEventContext context =
        new AcsEventContext(
            AcsEventOrigin.ACS_WEBHOOK,
            occurred,
            received,
            e.acsInstance(),
            deviceKey,
            e.sourceIp());
    AcsEvent.Builder event =
        events
            .builder(context, AcsEventKind.valueOf(e.kind().name()))
            .setRpcMethod(e.rpcMethod())
            .setCommandKey(e.commandKey())
            .setTransferStartTime(e.transferStartTime())
            .setTransferCompleteTime(e.transferCompleteTime())
            .setOperator(e.operator())
            .setMessage(e.message());
    if (e.parameters() != null) {
      List<ParameterValue> parameters = new ArrayList<>(e.parameters().size());
      for (AcsEventBatchV1.Parameter p : e.parameters()) {
        parameters.add(new ParameterValue(p.name(), p.value() == null ? "" : p.value(), p.type()));
      }
      event.setParameters(events.redact(parameters));
    }
    if (e.auth() != null) {
      event.setAuth(new AuthDetail(e.auth().method(), e.auth().username(), e.auth().reason()));
    }
    if (e.download() != null) {
      event.setDownload(
          new DownloadDetail(
              e.download().fileType(),
              AcsEvents.withoutUserInfo(e.download().url()),
              e.download().fileSize(),
              e.download().targetFileName()));
    }
    if (e.fault() != null) {
      List<ParameterFault> faults = new ArrayList<>();
      if (e.fault().parameterFaults() != null) {
        for (AcsEventBatchV1.ParameterFault f : e.fault().parameterFaults()) {
          faults.add(
              new ParameterFault(
                  f.parameterName(), f.code(), f.message() == null ? "" : f.message()));
        }
      }
      event.setFault(
          new CwmpFault(
              e.fault().code(), e.fault().message() == null ? "" : e.fault().message(), faults));
    }
    return new Outgoing.Event(event.build(), context.recordKey());
  }

  /** The record key source: the GenieACS-style key as given, or one made from the DeviceId. */
  private static String deviceKey(String at, AcsEventBatchV1.Event e)
      throws RejectedInputException {
    if (e.deviceKey() != null && e.deviceId() != null) {
      throw invalid(at + ": give deviceKey or deviceId, not both", null);
    }
    if (e.deviceId() != null) {
      return DeviceKeys.of(
          e.deviceId().oui(),
          e.deviceId().productClass() == null ? "" : e.deviceId().productClass(),
          e.deviceId().serialNumber());
    }
    if (e.deviceKey() != null && e.deviceKey().isBlank()) {
      throw invalid(at + ".deviceKey: must not be blank", null);
    }
    return e.deviceKey();
  }

  private static Instant instant(String at, String text) throws RejectedInputException {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(at + ": '" + text + "' is not an ISO-8601 time with offset", e);
    }
  }

  private static void checkIp(String at, String text) throws RejectedInputException {
    try {
      // Only called on dotted-quad or colon-bearing literals, so it never does a DNS lookup.
      InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw invalid(at + ": '" + text + "' is not an IP address", e);
    }
  }

  private static RejectedInputException invalid(String detail, Throwable cause) {
    return new RejectedInputException(RejectReason.JSON_INVALID, detail, cause);
  }
}
