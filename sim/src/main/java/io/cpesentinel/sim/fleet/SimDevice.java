package io.cpesentinel.sim.fleet;

import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated gateway. It holds only what differs from its product line's defaults (a few fields
 * and a map of changed values that stays null for most devices), so a million of them fit in a
 * small heap. Not thread-safe: one generator thread of the fleet owns each device (and scenarios
 * touch it only while every generator thread waits).
 */
public final class SimDevice {
  private final int index;
  private final ProductLine line;
  private final Region region;
  private final String serial;
  private final int intervalSeconds;
  private String firmware;
  private String key;
  private String passphrase;
  private int wanHost;
  private Map<String, String> changed;
  private List<InformEvent> pendingEvents;
  private String pendingTransfer;
  private boolean dark;
  private long silentUntil;
  private long nextPeriodicAt;
  private long randomState;

  SimDevice(
      int index,
      ProductLine line,
      Region region,
      String firmware,
      int intervalSeconds,
      long nextPeriodicAt,
      long randomSeed) {
    this.index = index;
    this.randomState = randomSeed;
    this.line = line;
    this.region = region;
    this.serial = serialOf(line, index);
    this.firmware = firmware;
    this.intervalSeconds = intervalSeconds;
    this.nextPeriodicAt = nextPeriodicAt;
    this.wanHost = index;
    this.passphrase = "wifi-" + Integer.toHexString(index * 7919 + 17);
  }

  static String serialOf(ProductLine line, int index) {
    return line.oui().substring(2) + String.format("%08d", index);
  }

  public int index() {
    return index;
  }

  public ProductLine line() {
    return line;
  }

  public Region region() {
    return region;
  }

  public String serial() {
    return serial;
  }

  public String firmware() {
    return firmware;
  }

  /** The device key the pipeline uses (GenieACS id). */
  public String key() {
    if (key == null) {
      key = DeviceKeys.of(deviceId());
    }
    return key;
  }

  public DeviceId deviceId() {
    return new DeviceId(line.manufacturer(), line.oui(), line.productClass(), serial);
  }

  /** The cohort as the default detection config sees it: product class and firmware. */
  public String cohortName() {
    return line.productClass() + " " + firmware;
  }

  public int intervalSeconds() {
    return intervalSeconds;
  }

  String intervalText() {
    return Integer.toString(intervalSeconds);
  }

  String passphrase() {
    return passphrase;
  }

  /** The address the device has on the access network, from its region's prefix. */
  public String wanAddress() {
    return region.address(wanHost);
  }

  String connectionRequestUrl() {
    return "http://" + wanAddress() + ":7547/" + serial;
  }

  /** Every parameter the next Inform carries, in the product line's order. */
  public List<ParameterValue> parameters() {
    List<ParameterValue> values = new ArrayList<>(line.parameters().size());
    for (ParameterTemplate template : line.parameters()) {
      String value = changed == null ? null : changed.get(template.name());
      if (value == null) {
        value = template.initial().apply(this);
      }
      values.add(new ParameterValue(template.name(), value, template.type()));
    }
    return values;
  }

  /** The current value of one of the line's parameters. */
  public String value(String path) {
    String value = changed == null ? null : changed.get(path);
    if (value != null) {
      return value;
    }
    for (ParameterTemplate template : line.parameters()) {
      if (template.name().equals(path)) {
        return template.initial().apply(this);
      }
    }
    throw new IllegalArgumentException(path + ": not a parameter of " + line.productClass());
  }

  /** Changes a parameter (firmware, passphrase and the WAN address have their own setters). */
  public void set(String path, String value) {
    value(path); // fails on a path the line does not have
    if (changed == null) {
      changed = new HashMap<>(4);
    }
    changed.put(path, value);
  }

  public void setFirmware(String firmware) {
    this.firmware = firmware;
  }

  public void setPassphrase(String passphrase) {
    this.passphrase = passphrase;
  }

  /** A new address from the region's pool (a PPP reconnect, a DHCP lease change). */
  public void renumber(int host) {
    this.wanHost = host;
  }

  /** Queues an event code for the next Inform (one of a kind; M codes carry their key). */
  public void queueEvent(String code, String commandKey) {
    if (pendingEvents == null) {
      pendingEvents = new ArrayList<>(3);
    }
    for (InformEvent event : pendingEvents) {
      if (event.getCode().equals(code)) {
        return;
      }
    }
    pendingEvents.add(new InformEvent(code, commandKey == null ? "" : commandKey));
  }

  /** The queued events, cleared; plus {@code 2 PERIODIC} when the Inform is a periodic one. */
  public List<InformEvent> takeEvents(boolean periodic) {
    List<InformEvent> events = pendingEvents == null ? new ArrayList<>(1) : pendingEvents;
    pendingEvents = null;
    if (periodic) {
      events.add(new InformEvent("2 PERIODIC", ""));
    }
    return events;
  }

  /** A TransferComplete (for an ACS Download with this command key) for the next session. */
  public void queueTransferComplete(String commandKey) {
    this.pendingTransfer = commandKey;
  }

  public String takeTransferComplete() {
    String transfer = pendingTransfer;
    pendingTransfer = null;
    return transfer;
  }

  /** Managed by another ACS now: it never informs this one again. */
  public boolean dark() {
    return dark;
  }

  public void goDark() {
    dark = true;
  }

  /** Without power until {@code until} (epoch ms): no Informs. */
  public long silentUntil() {
    return silentUntil;
  }

  public void powerOffUntil(long until) {
    silentUntil = until;
  }

  public long nextPeriodicAt() {
    return nextPeriodicAt;
  }

  public void setNextPeriodicAt(long at) {
    nextPeriodicAt = at;
  }

  /**
   * The next number of the device's own random stream (SplitMix64): its jitter and background life
   * are drawn from it, so they do not depend on which generator thread schedules the device nor on
   * what other devices drew before.
   */
  public long nextRandomBits() {
    randomState += 0x9E3779B97F4A7C15L;
    return mix64(randomState);
  }

  /** Uniform in [0, 1), from the device's own stream. */
  public double nextRandomDouble() {
    return (nextRandomBits() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), from the device's own stream. */
  public long nextRandomLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return Math.floorMod(nextRandomBits(), bound);
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return key();
  }
}
