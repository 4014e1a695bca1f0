package io.cpesentinel.epl;

import java.util.List;
import java.util.Map;

/**
 * One Inform of a device: its event codes, the critical values it reports under the canonical names
 * of {@code rules/critical-parameters.yaml} (instance after '#', e.g. {@code dns.wan-server#1}),
 * its software version, periodic inform interval and source address. In EPL: {@code '1 BOOT' in
 * (eventCodes)}, {@code values('acs.url')}, {@code softwareVersion}, {@code informIntervalSeconds}.
 */
public final class InformFact extends Fact {
  private static final long serialVersionUID = 1L;

  private final List<String> eventCodes;
  private final Map<String, String> values;
  private final String softwareVersion;
  private final Long informIntervalSeconds;
  private final String sourceIp;

  public InformFact(
      String deviceKey,
      long at,
      String eventId,
      List<String> eventCodes,
      Map<String, String> values,
      String softwareVersion,
      Long informIntervalSeconds,
      String sourceIp) {
    super(deviceKey, at, eventId);
    this.eventCodes = List.copyOf(eventCodes);
    this.values = Map.copyOf(values);
    this.softwareVersion = softwareVersion;
    this.informIntervalSeconds = informIntervalSeconds;
    this.sourceIp = sourceIp;
  }

  public List<String> getEventCodes() {
    return eventCodes;
  }

  public Map<String, String> getValues() {
    return values;
  }

  public String getSoftwareVersion() {
    return softwareVersion;
  }

  /** The device's PeriodicInformInterval in seconds, when it reports one. */
  public Long getInformIntervalSeconds() {
    return informIntervalSeconds;
  }

  public String getSourceIp() {
    return sourceIp;
  }

  @Override
  public String toString() {
    return "InformFact{"
        + getDeviceKey()
        + " at "
        + getAt()
        + " "
        + eventCodes
        + " "
        + values
        + "}";
  }
}
