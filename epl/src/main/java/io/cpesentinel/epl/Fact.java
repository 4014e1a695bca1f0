package io.cpesentinel.epl;

import java.io.Serializable;

/**
 * Something that happened to one device at an event time, as correlation rules see it. Rules
 * partition by {@link #getDeviceKey()}; the engine's clock is the event time, never the wall clock.
 */
public abstract class Fact implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String deviceKey;
  private final long at;
  private final String eventId;

  protected Fact(String deviceKey, long at, String eventId) {
    if (deviceKey == null || deviceKey.isEmpty()) {
      throw new IllegalArgumentException("a fact needs a device key");
    }
    this.deviceKey = deviceKey;
    this.at = at;
    this.eventId = eventId == null ? "" : eventId;
  }

  public String getDeviceKey() {
    return deviceKey;
  }

  /** Event time, epoch milliseconds. */
  public long getAt() {
    return at;
  }

  /** Id of the record this fact came from (Inform, ACS event, alert), for evidence. */
  public String getEventId() {
    return eventId;
  }
}
