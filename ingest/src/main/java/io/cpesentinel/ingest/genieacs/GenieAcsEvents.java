package io.cpesentinel.ingest.genieacs;

import io.cpesentinel.ingest.acs.AcsEventContext;
import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.CwmpFault;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a GenieACS access-log entry means as an {@code AcsEvent}. Every entry becomes one event, so
 * nothing the ACS logged is lost; the ones the detection needs get their own kind (auth failures,
 * faults, registrations, the ACS's RPCs and the CPE's TransferComplete), the rest are OTHER with
 * the message kept. The device id GenieACS logs is already our device key.
 */
public final class GenieAcsEvents {
  private static final Pattern CWMP_FAULT_CODE = Pattern.compile("(?:cwmp\\.)?(\\d{4,5})");

  private final AcsEvents events;
  private final String acsInstance;

  public GenieAcsEvents(AcsEvents events, String acsInstance) {
    this.events = events;
    this.acsInstance = acsInstance;
  }

  public Outgoing.Event toEvent(GenieAcsLogLine line, Instant received) {
    AcsEventContext context =
        new AcsEventContext(
            AcsEventOrigin.GENIEACS_LOG,
            line.timestamp() != null ? line.timestamp() : received,
            received,
            acsInstance,
            line.deviceId(),
            line.remoteAddress());
    AcsEvent event =
        switch (line.message()) {
          case "Authentication failure" ->
              events.auth(
                  context, false, AuthMethod.OTHER, null, "credentials rejected by GenieACS");
          case "New device registered" ->
              events
                  .builder(context, AcsEventKind.DEVICE_REGISTERED)
                  .setMessage(summary(line))
                  .build();
          case "CPE fault" -> cpeFault(context, line);
          case "ACS request" -> acsRequest(context, line);
          case "CPE request" -> cpeRequest(context, line);
          case "Channel has faulted" -> channelFault(context, line);
          case "Inform" ->
              events
                  .builder(context, AcsEventKind.OTHER)
                  .setRpcMethod("Inform")
                  .setMessage(summary(line))
                  .build();
          default -> events.builder(context, AcsEventKind.OTHER).setMessage(summary(line)).build();
        };
    return new Outgoing.Event(event, context.recordKey());
  }

  private AcsEvent cpeFault(AcsEventContext context, GenieAcsLogLine line) {
    return events
        .builder(context, AcsEventKind.CWMP_FAULT)
        .setFault(
            new CwmpFault(
                faultCode(line.field("cpeFaultCode")),
                nullToEmpty(line.field("cpeFaultString")),
                List.of()))
        .setMessage(summary(line))
        .build();
  }

  private AcsEvent acsRequest(AcsEventContext context, GenieAcsLogLine line) {
    String method = line.field("acsRequestName");
    AcsEventKind kind =
        method == null
            ? AcsEventKind.OTHER
            : switch (method) {
              case "SetParameterValues" -> AcsEventKind.SET_PARAMETER_VALUES;
              case "AddObject" -> AcsEventKind.ADD_OBJECT;
              case "DeleteObject" -> AcsEventKind.DELETE_OBJECT;
              case "Download", "ScheduleDownload" -> AcsEventKind.DOWNLOAD;
              case "Reboot" -> AcsEventKind.REBOOT;
              case "FactoryReset" -> AcsEventKind.FACTORY_RESET;
              default -> AcsEventKind.OTHER;
            };
    return events
        .builder(context, kind)
        .setRpcMethod(method)
        .setCommandKey(line.field("acsRequestCommandKey"))
        .setMessage(summary(line))
        .build();
  }

  private AcsEvent cpeRequest(AcsEventContext context, GenieAcsLogLine line) {
    String method = line.field("cpeRequestName");
    boolean transfer =
        "TransferComplete".equals(method) || "AutonomousTransferComplete".equals(method);
    return events
        .builder(context, transfer ? AcsEventKind.TRANSFER_COMPLETE : AcsEventKind.OTHER)
        .setRpcMethod(method)
        .setCommandKey(line.field("cpeRequestCommandKey"))
        .setMessage(summary(line))
        .build();
  }

  private AcsEvent channelFault(AcsEventContext context, GenieAcsLogLine line) {
    String code = line.field("faultCode");
    Matcher cwmp = code == null ? null : CWMP_FAULT_CODE.matcher(code);
    AcsEvent.Builder event = events.builder(context, AcsEventKind.OTHER).setMessage(summary(line));
    if (cwmp != null && cwmp.matches()) {
      event
          .setKind(AcsEventKind.CWMP_FAULT)
          .setFault(
              new CwmpFault(
                  Integer.parseInt(cwmp.group(1)),
                  nullToEmpty(line.field("faultMessage")),
                  List.of()));
    }
    return event.build();
  }

  private static int faultCode(String text) {
    if (text == null) {
      return 0;
    }
    Matcher m = CWMP_FAULT_CODE.matcher(text.strip());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The message with its details, e.g. {@code Inform informEvent=1 BOOT,M Reboot ...}. */
  private static String summary(GenieAcsLogLine line) {
    StringBuilder text = new StringBuilder(line.message());
    line.fields().forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
    return text.toString();
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
