package io.cpesentinel.ingest.acs;

import io.cpesentinel.schema.AcsEventOrigin;
import java.time.Instant;

/**
 * Where and when an ACS event was seen: the fields every {@code AcsEvent} carries besides what
 * happened.
 *
 * @param deviceKey the device key when known, else null (the record key then falls back to the
 *     source address)
 */
public record AcsEventContext(
    AcsEventOrigin origin,
    Instant occurredAt,
    Instant receivedAt,
    String acsInstance,
    String deviceKey,
    String sourceIp) {

  /** The Kafka key: the device key, or {@code ip:<sourceIp>} when the device is unknown. */
  public String recordKey() {
    if (deviceKey != null && !deviceKey.isEmpty()) {
      return deviceKey;
    }
    return "ip:" + (sourceIp == null ? "unknown" : sourceIp);
  }
}
