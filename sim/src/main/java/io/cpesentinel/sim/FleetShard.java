package io.cpesentinel.sim;

import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.transport.AcsAction;
import io.cpesentinel.sim.transport.CpeSession;
import io.cpesentinel.sim.transport.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One generator thread's slice of the fleet: the periodic Informs of its devices with jitter, their
 * background life (WAN address changes, ACS-ordered reboots, customers power-cycling) and its share
 * of a boot storm. Each device belongs to exactly one shard, and its jitter and life are drawn from
 * the device's own random stream, so how the fleet is sharded changes neither when a device informs
 * nor what it says. Not thread-safe: {@link #step} runs on the shard's thread only (or a test's).
 */
final class FleetShard {
  /** Per periodic Inform: the WAN address changes (a 4 VALUE CHANGE in that Inform). */
  static final double RENUMBER = 0.002;

  /** Per periodic Inform: the ACS reboots the device (Reboot RPC, then 1 BOOT + M Reboot). */
  static final double ACS_REBOOT = 0.0005;

  /** Per periodic Inform: the customer power-cycles the gateway (1 BOOT, unexpected). */
  static final double POWER_CYCLE = 0.0003;

  private record Task(long at, long seq, Runnable action) {}

  /** A boot storm's share: {@code perSecond} extra {@code 1 BOOT} Informs from start to until. */
  private record Storm(double perSecond, long start, long until) {}

  private final List<SimDevice> devices;
  private final Transport transport;
  private final BitSet taken;
  private final SplittableRandom random;
  private final PeriodicSchedule periodic;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
  private final List<AcsAction> acsBatch = new ArrayList<>();
  private final ConcurrentLinkedQueue<Storm> storms = new ConcurrentLinkedQueue<>();
  private Storm storm;
  private long stormSent;
  private long seq;

  /**
   * @param devices this shard's devices, their first periodic Inform already set
   * @param taken devices reserved by scenarios (no background reboots for them); written only while
   *     no shard steps
   * @param random for the boot storm's choice of devices
   */
  FleetShard(List<SimDevice> devices, Transport transport, BitSet taken, SplittableRandom random) {
    this.devices = List.copyOf(devices);
    this.transport = transport;
    this.taken = taken;
    this.random = random;
    this.periodic = new PeriodicSchedule(this.devices.size());
    this.devices.forEach(periodic::add);
  }

  /** Device {@code i} of the fleet belongs to shard {@code i % shards}. */
  static List<List<SimDevice>> slices(List<SimDevice> fleet, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("generator threads: at least 1 (was " + shards + ")");
    }
    List<List<SimDevice>> slices = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      slices.add(new ArrayList<>(fleet.size() / shards + 1));
    }
    for (SimDevice device : fleet) {
      slices.get(device.index() % shards).add(device);
    }
    return slices;
  }

  List<SimDevice> devices() {
    return devices;
  }

  /** Adds a boot storm's share at the shard's next step; callable from any thread. */
  void storm(double perSecond, long start, long until) {
    storms.add(new Storm(perSecond, start, until));
  }

  /**
   * Runs what is due at {@code now}: delayed reboots, up to {@code budget} Informs the storm owes
   * and up to {@code budget} periodic Informs. Returns when to step next ({@code now} when more is
   * due already).
   */
  long step(long now, int budget) {
    for (Storm next = storms.poll(); next != null; next = storms.poll()) {
      storm = next;
      stormSent = 0;
    }
    while (!tasks.isEmpty() && tasks.peek().at() <= now) {
      tasks.poll().action().run();
    }
    boolean stormBehind = stormStep(now, budget);
    int done = 0;
    while (!periodic.isEmpty() && periodic.firstAt() <= now && done < budget) {
      SimDevice device = periodic.poll();
      if (device.dark()) {
        continue; // it informs another ACS now
      }
      done++;
      long interval = device.intervalSeconds() * 1000L;
      long next =
          device.nextPeriodicAt()
              + interval
              + device.nextRandomLong(interval / 50 + 1)
              - interval / 100;
      device.setNextPeriodicAt(Math.max(next, now + 1));
      periodic.add(device);
      if (device.silentUntil() > now) {
        continue; // no power
      }
      backgroundLife(device, now);
      send(transport, device, true);
    }
    flushAcs();
    long wake = now + 50;
    if (!periodic.isEmpty()) {
      wake = Math.min(wake, Math.max(now, periodic.firstAt()));
    }
    if (!tasks.isEmpty()) {
      wake = Math.min(wake, Math.max(now, tasks.peek().at()));
    }
    if (storm != null) {
      wake = Math.min(wake, stormBehind ? now : now + 5);
    }
    return wake;
  }

  /**
   * Sends what the storm owes by now, at most {@code budget} Informs a step (true: it owes more);
   * Informs still owed when it ends are not sent (a generator that cannot keep up shows as a lower
   * storm rate, not as a storm that lasts longer than asked).
   */
  private boolean stormStep(long now, int budget) {
    if (storm == null || now < storm.start()) {
      return false;
    }
    if (now >= storm.until()) {
      storm = null;
      return false;
    }
    long owed = (long) ((now - storm.start()) * storm.perSecond() / 1000.0) - stormSent;
    long n = Math.min(owed, budget);
    for (long i = 0; i < n; i++) {
      SimDevice device = devices.get(random.nextInt(devices.size()));
      if (!device.dark()) {
        device.queueEvent("1 BOOT", null);
        send(transport, device, false);
      }
    }
    stormSent += Math.max(0, n);
    return owed > n;
  }

  private void backgroundLife(SimDevice device, long now) {
    double dice = device.nextRandomDouble();
    if (dice < RENUMBER) {
      device.renumber((int) device.nextRandomLong(1 << 20));
      device.queueEvent("4 VALUE CHANGE", null);
    } else if (dice < RENUMBER + ACS_REBOOT && !taken.get(device.index())) {
      String commandKey = "reboot-" + Long.toHexString(device.nextRandomBits() >>> 16);
      acsBatch.add(AcsAction.reboot(Instant.ofEpochMilli(now), device.key(), commandKey));
      at(
          now + 20_000 + device.nextRandomLong(20_000),
          () -> {
            if (!device.dark()) {
              device.queueEvent("1 BOOT", null);
              device.queueEvent("M Reboot", commandKey);
              send(transport, device, false);
            }
          });
    } else if (dice < RENUMBER + ACS_REBOOT + POWER_CYCLE && !taken.get(device.index())) {
      at(
          now + 30_000 + device.nextRandomLong(30_000),
          () -> {
            if (!device.dark()) {
              device.queueEvent("1 BOOT", null);
              send(transport, device, false);
            }
          });
    }
  }

  private void at(long at, Runnable action) {
    tasks.add(new Task(at, seq++, action));
  }

  private void flushAcs() {
    if (!acsBatch.isEmpty()) {
      transport.acs(List.copyOf(acsBatch));
      acsBatch.clear();
    }
  }

  /** One session of {@code device}: an Inform with its queued events, and its TransferComplete. */
  static void send(Transport transport, SimDevice device, boolean periodicInform) {
    CwmpMessage.Inform inform =
        new CwmpMessage.Inform(
            device.deviceId(),
            device.takeEvents(periodicInform),
            1,
            Instant.now().toString(),
            0,
            device.parameters());
    String transfer = device.takeTransferComplete();
    transport.session(
        new CpeSession(
            device.wanAddress(),
            inform,
            transfer,
            transfer == null ? null : Instant.now().minusSeconds(8)));
  }
}
