package io.cpesentinel.ingest.genieacs;

import java.time.Instant;
import java.util.Map;

/**
 * One GenieACS access-log entry, whichever format it was written in.
 *
 * @param timestamp when GenieACS logged it; null in the systemd format, which has none
 * @param severity info, warn or error
 * @param remoteAddress the CPE's address as GenieACS saw it, or null
 * @param deviceId the GenieACS device id (our device key) when the session knew it, else null
 * @param message the fixed message text, e.g. "Inform", "Authentication failure"
 * @param fields the other key/value details, e.g. informEvent, cpeFaultCode
 */
public record GenieAcsLogLine(
    Instant timestamp,
    String severity,
    String remoteAddress,
    String deviceId,
    String message,
    Map<String, String> fields) {

  public String field(String name) {
    return fields.get(name);
  }
}
