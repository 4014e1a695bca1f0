package io.cpesentinel.ingest.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Version 1 of the ACS event webhook body ({@code POST /v1/acs-events}), documented in {@code
 * ingest/docs/acs-events-v1.md}. Unknown fields are refused: a typo must not silently drop data.
 */
public record AcsEventBatchV1(@JsonProperty(required = true) List<Event> events) {

  /** One event. {@code occurredAt} is ISO-8601 with an offset, e.g. 2026-05-01T10:00:00Z. */
  public record Event(
      @JsonProperty(required = true) String occurredAt,
      @JsonProperty(required = true) Kind kind,
      String deviceKey,
      DeviceIdV1 deviceId,
      String sourceIp,
      String acsInstance,
      String rpcMethod,
      String commandKey,
      List<Parameter> parameters,
      Auth auth,
      Download download,
      Fault fault,
      String transferStartTime,
      String transferCompleteTime,
      String operator,
      String message) {}

  /** What happened; the same symbols as {@code AcsEventKind}. */
  public enum Kind {
    AUTH_SUCCESS,
    AUTH_FAILURE,
    SET_PARAMETER_VALUES,
    ADD_OBJECT,
    DELETE_OBJECT,
    DOWNLOAD,
    REBOOT,
    FACTORY_RESET,
    RPC_RESPONSE,
    CWMP_FAULT,
    TRANSFER_COMPLETE,
    DEVICE_REGISTERED,
    OPERATOR_ACTION,
    OTHER
  }

  /** The device by its DeviceId fields, when the ACS does not send the GenieACS-style key. */
  public record DeviceIdV1(
      @JsonProperty(required = true) String oui,
      String productClass,
      @JsonProperty(required = true) String serialNumber) {}

  /** A parameter and its value as set; secret values are digested by the ingest. */
  public record Parameter(@JsonProperty(required = true) String name, String value, String type) {}

  /** Authentication detail: method BASIC, DIGEST, CLIENT_CERTIFICATE, NONE or OTHER. */
  public record Auth(
      @JsonProperty(required = true) io.cpesentinel.schema.AuthMethod method,
      String username,
      String reason) {}

  /** Download detail; credentials in the URL are removed by the ingest. */
  public record Download(
      @JsonProperty(required = true) String fileType,
      @JsonProperty(required = true) String url,
      Long fileSize,
      String targetFileName) {}

  /** A CWMP fault with optional per-parameter faults. */
  public record Fault(
      @JsonProperty(required = true) Integer code,
      String message,
      List<ParameterFault> parameterFaults) {}

  /** One SetParameterValuesFault. */
  public record ParameterFault(
      @JsonProperty(required = true) String parameterName,
      @JsonProperty(required = true) Integer code,
      String message) {}
}
