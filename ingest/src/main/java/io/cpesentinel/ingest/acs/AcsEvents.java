package io.cpesentinel.ingest.acs;

import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.EventIds;
import io.cpesentinel.ingest.secret.ParameterRedactor;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AuthDetail;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.DownloadDetail;
import io.cpesentinel.schema.ParameterValue;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds {@code acs.events} records, whatever saw the event (the CWMP proxy, the webhook, the
 * GenieACS log): one place that sets the common fields, digests secret values and strips
 * credentials from URLs.
 */
public final class AcsEvents {
  private static final Pattern URL_USERINFO =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@");

  private final String node;
  private final ParameterRedactor redactor;
  private final EventIds ids;

  public AcsEvents(String node, ParameterRedactor redactor, EventIds ids) {
    this.node = node;
    this.redactor = redactor;
    this.ids = ids;
  }

  /** A builder with the common fields set; callers add what happened. */
  public AcsEvent.Builder builder(AcsEventContext context, AcsEventKind kind) {
    return AcsEvent.newBuilder()
        .setEventId(ids.next())
        .setOccurredAt(context.occurredAt())
        .setReceivedAt(context.receivedAt())
        .setOrigin(context.origin())
        .setIngestNode(node)
        .setAcsInstance(context.acsInstance())
        .setDeviceKey(context.deviceKey())
        .setSourceIp(context.sourceIp())
        .setKind(kind)
        .setParameters(List.of());
  }

  /** The URL without {@code user:password@}. */
  public static String withoutUserInfo(String url) {
    return url == null ? null : URL_USERINFO.matcher(url).replaceFirst("$1");
  }

  public List<ParameterValue> redact(List<ParameterValue> parameters) {
    return redactor.redact(parameters);
  }

  public AcsEvent auth(
      AcsEventContext context, boolean success, AuthMethod method, String user, String reason) {
    return builder(context, success ? AcsEventKind.AUTH_SUCCESS : AcsEventKind.AUTH_FAILURE)
        .setAuth(new AuthDetail(method, user, reason))
        .build();
  }

  /** What an ACS request sent down to the CPE means; empty for the ACS's own responses. */
  public Optional<AcsEvent> fromAcsMessage(
      AcsEventContext context, CwmpMessage message, String cwmpId) {
    AcsEvent.Builder event;
    if (message instanceof CwmpMessage.SetParameterValues spv) {
      event =
          builder(context, AcsEventKind.SET_PARAMETER_VALUES)
              .setCommandKey(spv.parameterKey())
              .setParameters(redactor.redact(spv.parameters()));
    } else if (message instanceof CwmpMessage.Download download) {
      event =
          builder(context, AcsEventKind.DOWNLOAD)
              .setCommandKey(download.commandKey())
              .setDownload(
                  new DownloadDetail(
                      download.fileType(),
                      withoutUserInfo(download.url()),
                      download.fileSize(),
                      download.targetFileName()));
    } else if (message instanceof CwmpMessage.Rpc rpc && !rpc.isResponse()) {
      event =
          builder(context, acsRequestKind(rpc.method()))
              .setCommandKey(rpc.commandKey())
              .setParameters(namesOnly(rpc.parameterNames()));
    } else {
      return Optional.empty();
    }
    return Optional.of(event.setRpcMethod(message.method()).setMessage(idNote(cwmpId)).build());
  }

  /**
   * What a CPE message other than the Inform means.
   *
   * @param answered the ACS request this message answers (by cwmp:ID), if known
   */
  public AcsEvent fromCpeMessage(
      AcsEventContext context, CwmpMessage message, Optional<PendingRequest> answered) {
    AcsEvent.Builder event;
    if (message instanceof CwmpMessage.TransferComplete transfer) {
      event =
          builder(context, AcsEventKind.TRANSFER_COMPLETE)
              .setRpcMethod(transfer.method())
              .setCommandKey(transfer.commandKey())
              .setTransferStartTime(transfer.startTime())
              .setTransferCompleteTime(transfer.completeTime());
      if (transfer.fault() != null && transfer.fault().getCode() != 0) {
        event.setFault(transfer.fault());
      }
      if (transfer.transferUrl() != null) {
        event.setDownload(
            new DownloadDetail(
                transfer.fileType() == null ? "" : transfer.fileType(),
                withoutUserInfo(transfer.transferUrl()),
                null,
                null));
      }
    } else if (message instanceof CwmpMessage.Fault fault) {
      event =
          builder(context, AcsEventKind.CWMP_FAULT)
              .setRpcMethod(answered.map(PendingRequest::method).orElse("Fault"))
              .setCommandKey(answered.map(PendingRequest::commandKey).orElse(null))
              .setFault(fault.fault());
    } else if (message instanceof CwmpMessage.Rpc rpc && rpc.isResponse()) {
      event =
          builder(context, AcsEventKind.RPC_RESPONSE)
              .setRpcMethod(rpc.method())
              .setCommandKey(answered.map(PendingRequest::commandKey).orElse(null))
              .setParameters(namesOnly(rpc.parameterNames()))
              .setMessage(rpc.status() == null ? null : "Status=" + rpc.status());
    } else {
      event =
          builder(context, AcsEventKind.OTHER)
              .setRpcMethod(message.method())
              .setMessage("CPE request " + message.method());
    }
    return event.build();
  }

  private static AcsEventKind acsRequestKind(String method) {
    return switch (method) {
      case "AddObject" -> AcsEventKind.ADD_OBJECT;
      case "DeleteObject" -> AcsEventKind.DELETE_OBJECT;
      case "Reboot" -> AcsEventKind.REBOOT;
      case "FactoryReset" -> AcsEventKind.FACTORY_RESET;
      default -> AcsEventKind.OTHER;
    };
  }

  private static List<ParameterValue> namesOnly(List<String> names) {
    return names.stream().map(n -> new ParameterValue(n, "", null)).toList();
  }

  private static String idNote(String cwmpId) {
    return cwmpId == null ? null : "cwmp:ID " + cwmpId;
  }
}
