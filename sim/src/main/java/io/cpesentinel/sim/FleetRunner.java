package io.cpesentinel.sim;

import io.cpesentinel.detect.CohortKeys;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.scenario.Injection;
import io.cpesentinel.sim.scenario.ScenarioContext;
import io.cpesentinel.sim.scenario.ScenarioSpec;
import io.cpesentinel.sim.transport.AcsAction;
import io.cpesentinel.sim.transport.FleetStats;
import io.cpesentinel.sim.transport.Transport;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Runs the fleet in real time: {@code generatorThreads} threads each own a disjoint slice of the
 * devices ({@link FleetShard}: periodic Informs with jitter, background life, a share of a boot
 * storm), and one scenario thread runs the scenarios at their times, the probes and whatever is
 * {@link #post posted}. Scenarios touch any device, so the scenario thread runs its actions only
 * while every generator thread waits between two steps (a read-write lock: generator threads step
 * under the read lock, scenario actions under the write lock). Transports do the I/O asynchronously
 * and are shared by every thread.
 */
public final class FleetRunner implements ScenarioContext, AutoCloseable {
  /** Periodic Informs a generator thread sends per step at most, so scenarios wait little. */
  static final int STEP_BUDGET = 256;

  private record Task(long at, long seq, Runnable action) {}

  private final Fleet fleet;
  private final Transport transport;
  private final FleetStats stats;
  private final CohortKeys cohortKeys;
  private final String cohortSourceIp;
  private final long seed;
  private final int generatorThreads;
  private final SplittableRandom random;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
  private final BitSet taken = new BitSet();
  private final List<AcsAction> acsBatch = new ArrayList<>();
  private final List<Injection> injections = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
  private final ReentrantReadWriteLock world = new ReentrantReadWriteLock(true);
  private final List<FleetShard> shards = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private long seq;
  private long startedAt;
  private volatile boolean running;
  private volatile Throwable failure;
  private Integer generatorNice;
  private volatile String generatorNiceRefused;

  /**
   * @param cohortKeys the detection config's cohort dimensions, for the ground truth
   * @param cohortSourceIp the source address the pipeline sees (HTTP: the loopback address), or
   *     null when it is each device's WAN address
   * @param generatorThreads threads sending the devices' Informs (each owns a slice of the fleet)
   */
  public FleetRunner(
      Fleet fleet,
      Transport transport,
      FleetStats stats,
      CohortKeys cohortKeys,
      String cohortSourceIp,
      long seed,
      int generatorThreads) {
    if (generatorThreads < 1) {
      throw new IllegalArgumentException(
          "generator threads: at least 1 (was " + generatorThreads + ")");
    }
    this.fleet = fleet;
    this.transport = transport;
    this.stats = stats;
    this.cohortKeys = cohortKeys;
    this.cohortSourceIp = cohortSourceIp;
    this.seed = seed;
    this.generatorThreads = generatorThreads;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  /**
   * Runs the generator threads at this nice value (-20 to 19; lower is more CPU), so that on a
   * machine shared with the pipeline under test the fleet informs on time, as real devices would.
   * Call before {@link #start}; a value the system refuses leaves the threads as they are ({@link
   * #generatorNiceRefused}).
   */
  public synchronized void generatorNice(int nice) {
    if (nice < -20 || nice > 19) {
      throw new IllegalArgumentException("nice: -20 to 19 (was " + nice + ")");
    }
    if (running) {
      throw new IllegalStateException("the fleet is running: set the nice value before start");
    }
    generatorNice = nice;
  }

  /** Why a generator thread could not take the nice value asked for, or null. */
  public String generatorNiceRefused() {
    return generatorNiceRefused;
  }

  /** Starts the fleet now; the scenarios run at their second after this. */
  public synchronized void start(List<ScenarioSpec> plan) {
    startedAt = System.currentTimeMillis();
    long shift =
        startedAt
            - fleet.devices().stream().mapToLong(SimDevice::nextPeriodicAt).min().orElse(startedAt);
    for (SimDevice device : fleet.devices()) {
      device.setNextPeriodicAt(device.nextPeriodicAt() + shift);
    }
    List<List<SimDevice>> slices = FleetShard.slices(fleet.devices(), generatorThreads);
    for (int s = 0; s < slices.size(); s++) {
      shards.add(
          new FleetShard(slices.get(s), transport, taken, new SplittableRandom(seed * 31 + s + 1)));
    }
    for (ScenarioSpec spec : plan) {
      at(
          startedAt + spec.atSecond() * 1000L,
          () -> injections.add(spec.scenario().inject(this, spec.atSecond(), spec.scale())));
    }
    running = true;
    threads.add(thread(this::scenarioLoop, "sim-scenarios"));
    for (int s = 0; s < shards.size(); s++) {
      FleetShard shard = shards.get(s);
      threads.add(thread(() -> generatorLoop(shard), "sim-fleet-" + s));
    }
    threads.forEach(Thread::start);
  }

  private static Thread thread(Runnable loop, String name) {
    Thread thread = new Thread(loop, name);
    thread.setDaemon(true);
    return thread;
  }

  public long startedAt() {
    return startedAt;
  }

  /** What was injected so far (ground truth). */
  public List<Injection> injections() {
    return List.copyOf(injections);
  }

  /** The first failure of a scheduler thread, if one died. */
  public Throwable failure() {
    return failure;
  }

  private void generatorLoop(FleetShard shard) {
    if (generatorNice != null) {
      String refused = ThreadNice.setForCurrentThread(generatorNice);
      if (refused != null) {
        generatorNiceRefused = refused;
      }
    }
    try {
      while (running) {
        long now = System.currentTimeMillis();
        long wake;
        world.readLock().lock();
        try {
          wake = shard.step(now, STEP_BUDGET);
        } finally {
          world.readLock().unlock();
        }
        sleepUntil(wake);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** Waits until wall-clock time {@code wake} (the simulator paces real traffic). */
  private static void sleepUntil(long wake) throws InterruptedException {
    long sleep = wake - System.currentTimeMillis();
    if (sleep > 0) {
      Thread.sleep(sleep);
    }
  }

  private void scenarioLoop() {
    try {
      while (running) {
        long now = System.currentTimeMillis();
        if (!posted.isEmpty() || (!tasks.isEmpty() && tasks.peek().at() <= now)) {
          world.writeLock().lock();
          try {
            for (Runnable action = posted.poll(); action != null; action = posted.poll()) {
              action.run();
            }
            while (!tasks.isEmpty() && tasks.peek().at() <= now) {
              tasks.poll().action().run();
            }
            flushAcs();
          } finally {
            world.writeLock().unlock();
          }
        }
        long wake = now + 20;
        if (!tasks.isEmpty()) {
          wake = Math.min(wake, tasks.peek().at());
        }
        sleepUntil(wake);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      fail(t);
    }
  }

  private synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
    running = false;
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
   * pipeline), shared evenly by the generator threads. Callable from any thread.
   */
  public void bootStorm(double extraPerSecond, long millis) {
    long start = now();
    for (FleetShard shard : shards) {
      shard.storm(
          extraPerSecond * shard.devices().size() / fleet.devices().size(), start, start + millis);
    }
  }

  /**
   * Runs {@code action} on the scenario thread soon, while no generator thread runs; callable from
   * any thread.
   */
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
      FleetShard.send(transport, device, false);
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
    for (Thread thread : threads) {
      thread.interrupt();
    }
    for (Thread thread : threads) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public FleetStats stats() {
    return stats;
  }
}
