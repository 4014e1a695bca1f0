package io.cpesentinel.sim.transport;

import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.ParameterValue;
import java.time.Instant;
import java.util.List;

/**
 * Something the ACS did or saw, as it reports it to the ingest's ACS-event webhook
 * (ingest/docs/acs-events-v1.md): a SetParameterValues, Download or Reboot it sent, or a failed
 * authentication.
 *
 * @param deviceKey the device, or null (an authentication failure for an unknown device)
 * @param sourceIp the CPE's address as the ACS saw it, or null
 * @param authUsername the username that failed (AUTH_FAILURE only)
 * @param downloadUrl the firmware image (DOWNLOAD only)
 */
public record AcsAction(
    Instant occurredAt,
    AcsEventKind kind,
    String deviceKey,
    String sourceIp,
    String rpcMethod,
    String commandKey,
    List<ParameterValue> parameters,
    String authUsername,
    String downloadUrl) {
  public static final String ACS_INSTANCE = "acs-sim-1";
  public static final String FIRMWARE_FILE_TYPE = "1 Firmware Upgrade Image";

  public static AcsAction setParameterValues(
      Instant at, String deviceKey, String parameterKey, List<ParameterValue> parameters) {
    return new AcsAction(
        at,
        AcsEventKind.SET_PARAMETER_VALUES,
        deviceKey,
        null,
        "SetParameterValues",
        parameterKey,
        parameters,
        null,
        null);
  }

  public static AcsAction download(Instant at, String deviceKey, String commandKey, String url) {
    return new AcsAction(
        at, AcsEventKind.DOWNLOAD, deviceKey, null, "Download", commandKey, List.of(), null, url);
  }

  public static AcsAction reboot(Instant at, String deviceKey, String commandKey) {
    return new AcsAction(
        at, AcsEventKind.REBOOT, deviceKey, null, "Reboot", commandKey, List.of(), null, null);
  }

  public static AcsAction authFailure(
      Instant at, String deviceKey, String sourceIp, String username) {
    return new AcsAction(
        at, AcsEventKind.AUTH_FAILURE, deviceKey, sourceIp, null, null, List.of(), username, null);
  }
}
