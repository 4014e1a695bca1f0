package io.cpesentinel.sim;

import io.cpesentinel.detect.CohortKeys;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.scenario.Injection;
import io.cpesentinel.sim.scenario.ScenarioContext;
import io.cpesentinel.sim.scenario.ScenarioSpec;
import io.cpesentinel.sim.transport.AcsAction;
import io.cpesentinel.sim.transport.CpeSession;
import io.cpesentinel.sim.transport.FleetStats;
import io.cpesentinel.sim.transport.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Runs the fleet in real time on one scheduler thread: periodic Informs with jitter, background
 * life (WAN address changes, ACS-ordered reboots, customers power-cycling), and the scenarios at
 * their times. Every device is touched by this thread only; transports do the I/O asynchronously.
 */
public final class FleetRunner implements ScenarioContext, AutoCloseable {
  /** Per periodic Inform: the WAN address changes (a 4 VALUE CHANGE in that Inform). */
  static final double RENUMBER = 0.002;

  /** Per periodic Inform: the ACS reboots the device (Reboot RPC, then 1 BOOT + M Reboot). */
  static final double ACS_REBOOT = 0.0005;

  /** Per periodic Inform: the customer power-cycles the gateway (1 BOOT, unexpected). */
  static final double POWER_CYCLE = 0.0003;

  private record Task(long at, long seq, Runnable action) {}

  private final Fleet fleet;
  private final Transport transport;
  private final FleetStats stats;
  private final CohortKeys cohortKeys;
  private final String cohortSourceIp;
  private final SplittableRandom random;
  private final PriorityQueue<SimDevice> periodic =
      new PriorityQueue<>(Comparator.comparingLong(SimDevice::nextPeriodicAt));
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
  private final BitSet taken = new BitSet();
  private final List<AcsAction> acsBatch = new ArrayList<>();
  private final List<Injection> injections = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> posted =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private long seq;
  private long startedAt;
  private long rebootKeys;
  private volatile boolean running;
  private volatile Throwable failure;
  private Thread thread;

  /**
   * @param cohortKeys the detection config's cohort dimensions, for the ground truth
   * @param cohortSourceIp the source address the pipeline sees (HTTP: the loopback address), or
   *     null when it is each device's WAN address
   */
  public FleetRunner(
      Fleet fleet,
      Transport transport,
      FleetStats stats,
      CohortKeys cohortKeys,
      String cohortSourceIp,
      long seed) {
    this.fleet = fleet;
    this.transport = transport;
    this.stats = stats;
    this.cohortKeys = cohortKeys;
    this.cohortSourceIp = cohortSourceIp;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  /** Starts the fleet now; the scenarios run at their second after this. */
  public synchronized void start(List<ScenarioSpec> plan) {
    startedAt = System.currentTimeMillis();
    long shift =
        startedAt
            - fleet.devices().stream().mapToLong(SimDevice::nextPeriodicAt).min().orElse(startedAt);
    for (SimDevice device : fleet.devices()) {
      device.setNextPeriodicAt(device.nextPeriodicAt() + shift);
      periodic.add(device);
    }
    for (ScenarioSpec spec : plan) {
      at(
          startedAt + spec.atSecond() * 1000L,
          () -> injections.add(spec.scenario().inject(this, spec.atSecond(), spec.scale())));
    }
    running = true;
    thread = new Thread(this::loop, "sim-fleet");
    thread.setDaemon(true);
    thread.start();
  }

  public long startedAt() {
    return startedAt;
  }

  /** What was injected so far (ground truth). */
  public List<Injection> injections() {
    return List.copyOf(injections);
  }

  /** The scheduler's failure, if it died. */
  public Throwable failure() {
    return failure;
  }

  private void loop() {
    try {
      while (running) {
        long now = System.currentTimeMillis();
        for (Runnable action = posted.poll(); action != null; action = posted.poll()) {
          action.run();
        }
        while (!tasks.isEmpty() && tasks.peek().at() <= now) {
          tasks.poll().action().run();
        }
        while (!periodic.isEmpty() && periodic.peek().nextPeriodicAt() <= now && running) {
          SimDevice device = periodic.poll();
          if (device.dark()) {
            continue; // it informs another ACS now
          }
          long interval = device.intervalSeconds() * 1000L;
          long next =
              device.nextPeriodicAt()
                  + interval
                  + random.nextLong(interval / 50 + 1)
                  - interval / 100;
          device.setNextPeriodicAt(Math.max(next, now + 1));
          periodic.add(device);
          if (device.silentUntil() > now) {
            continue; // no power
          }
          backgroundLife(device, now);
          send(device, true);
        }
        flushAcs();
        long wake = now + 50;
        if (!tasks.isEmpty()) {
          wake = Math.min(wake, tasks.peek().at());
        }
        if (!periodic.isEmpty()) {
          wake = Math.min(wake, periodic.peek().nextPeriodicAt());
        }
        long sleep = wake - System.currentTimeMillis();
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      failure = t;
      running = false;
    }
  }

  private void backgroundLife(SimDevice device, long now) {
    double dice = random.nextDouble();
    if (dice < RENUMBER) {
      device.renumber(random.nextInt(1 << 20));
      device.queueEvent("4 VALUE CHANGE", null);
    } else if (dice < RENUMBER + ACS_REBOOT && !taken.get(device.index())) {
      String commandKey = "reboot-" + (++rebootKeys);
      acs(AcsAction.reboot(Instant.ofEpochMilli(now), device.key(), commandKey));
      at(
          now + 20_000 + random.nextLong(20_000),
          () -> {
            if (!device.dark()) {
              device.queueEvent("1 BOOT", null);
              device.queueEvent("M Reboot", commandKey);
              send(device, false);
            }
          });
    } else if (dice < RENUMBER + ACS_REBOOT + POWER_CYCLE && !taken.get(device.index())) {
      at(
          now + 30_000 + random.nextLong(30_000),
          () -> {
            if (!device.dark()) {
              device.queueEvent("1 BOOT", null);
              send(device, false);
            }
          });
    }
  }

  private void send(SimDevice device, boolean periodicInform) {
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

  private void flushAcs() {
    if (!acsBatch.isEmpty()) {
      transport.acs(List.copyOf(acsBatch));
      acsBatch.clear();
    }
  }

  @Override
  public Fleet fleet() {
    return fleet;
  }

  @Override
  public SplittableRandom random() {
    return random;
  }

  @Override
  public long now() {
    return System.currentTimeMillis();
  }

  /**
   * A boot storm: for {@code millis} from now, {@code extraPerSecond} more Informs a second, each a
   * {@code 1 BOOT} of a random device (what a mass power restoration or a botnet wave costs the
   * pipeline). Callable from any thread.
   */
  public void bootStorm(double extraPerSecond, long millis) {
    post(
        () -> {
          long start = now();
          long until = start + millis;
          long[] sent = {0};
          Runnable[] tick = new Runnable[1];
          tick[0] =
              () -> {
                long t = Math.min(now(), until);
                long owed = (long) ((t - start) * extraPerSecond / 1000.0) - sent[0];
                List<SimDevice> devices = fleet.devices();
                for (long i = 0; i < owed; i++) {
                  SimDevice device = devices.get(random.nextInt(devices.size()));
                  if (!device.dark()) {
                    device.queueEvent("1 BOOT", null);
                    send(device, false);
                  }
                }
                sent[0] += owed;
                if (t < until) {
                  at(now() + 20, tick[0]);
                }
              };
          tick[0].run();
        });
  }

  /** Runs {@code action} on the scheduler thread soon; callable from any thread. */
  public void post(Runnable action) {
    posted.add(action);
  }

  @Override
  public void at(long at, Runnable action) {
    tasks.add(new Task(at, seq++, action));
  }

  @Override
  public void informNow(SimDevice device) {
    if (!device.dark()) {
      send(device, false);
    }
  }

  @Override
  public void acs(AcsAction action) {
    acsBatch.add(action);
    if (acsBatch.size() >= 200) {
      flushAcs();
    }
  }

  @Override
  public List<SimDevice> take(Predicate<SimDevice> filter, int count) {
    List<SimDevice> candidates = new ArrayList<>();
    for (SimDevice device : fleet.devices()) {
      if (!taken.get(device.index()) && !device.dark() && filter.test(device)) {
        candidates.add(device);
      }
    }
    List<SimDevice> chosen = new ArrayList<>();
    int n = Math.min(count, candidates.size());
    for (int i = 0; i < n; i++) {
      int pick = i + random.nextInt(candidates.size() - i);
      SimDevice device = candidates.get(pick);
      candidates.set(pick, candidates.get(i));
      candidates.set(i, device);
      taken.set(device.index());
      chosen.add(device);
    }
    return chosen;
  }

  @Override
  public String cohortKey(SimDevice device) {
    return cohortKeys.of(
        device.deviceId(),
        device.firmware(),
        device.line().hardwareVersion(),
        cohortSourceIp != null ? cohortSourceIp : device.wanAddress());
  }

  /** Stops sending; sessions in flight finish on the transport. */
  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public FleetStats stats() {
    return stats;
  }
}
