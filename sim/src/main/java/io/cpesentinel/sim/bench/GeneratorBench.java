package io.cpesentinel.sim.bench;

import io.cpesentinel.deploy.local.StackProvisioner;
import io.cpesentinel.detect.CohortKeys;
import io.cpesentinel.sim.FleetRunner;
import io.cpesentinel.sim.demo.LocalPipeline;
import io.cpesentinel.sim.demo.RunNames;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.transport.FleetStats;
import io.cpesentinel.sim.transport.KafkaTransport;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The fleet simulator's generator alone, straight to a real broker (no pipeline): how many Informs
 * a second it gets accepted by Kafka with 1, 2, ... generator threads, measured side by side in one
 * run after a warm-up run (rounds alternate, so load from elsewhere hits each thread count alike),
 * and per CPU-second the process used (what an Inform costs, whatever else runs on the machine).
 * The fleet is sized to ask for far more than any count can send, so every round runs flat out.
 *
 * <p>Usage: {@code GeneratorBench [--threads 1,2,4] [--devices 1000000] [--interval 10] [--seconds
 * 30] [--rounds 2] [--kafka H:P]}.
 */
public final class GeneratorBench {
  private GeneratorBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String kafka =
        o.getOrDefault(
            "kafka", "127.0.0.1:" + System.getenv().getOrDefault("CPE_KAFKA_PORT", "9092"));
    int[] threads =
        Arrays.stream(o.getOrDefault("threads", "1,2,4").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int devices = Integer.parseInt(o.getOrDefault("devices", "1000000"));
    int interval = Integer.parseInt(o.getOrDefault("interval", "10"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
    System.out.printf(
        "== generator bench: %,d devices every %d s (asks %,d Informs/s), straight to Kafka %s;"
            + " %d s per run, threads %s, %d rounds; %d cores%n",
        devices,
        interval,
        devices / interval,
        kafka,
        seconds,
        Arrays.toString(threads),
        rounds,
        Runtime.getRuntime().availableProcessors());
    // the first run of the JVM also pays for the JIT; it is not counted
    Round warm = run(kafka, devices, interval, seconds, threads[threads.length - 1]);
    System.out.printf("  warm-up run (not counted): %,.0f Informs/s%n", warm.perSecond());
    Map<Integer, List<Round>> results = new HashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int n : threads) {
        Round r = run(kafka, devices, interval, seconds, n);
        results.computeIfAbsent(n, k -> new ArrayList<>()).add(r);
        System.out.printf(
            "  round %d, %d generator thread(s): %,.0f Informs/s accepted, %,.0f per CPU-second,"
                + " %.2f cores used%n",
            round, n, r.perSecond(), r.perCpuSecond(), r.cores());
      }
    }
    double base = mean(results.get(threads[0]), Round::perSecond);
    for (int n : threads) {
      List<Round> rs = results.get(n);
      double mean = mean(rs, Round::perSecond);
      System.out.printf(
          "generator threads %d: %,.0f Informs/s (%.2fx %d thread(s); rounds %s), %,.0f per"
              + " CPU-second of the process, %.2f cores used%n",
          n,
          mean,
          mean / base,
          threads[0],
          rs.stream().map(r -> String.format("%,.0f", r.perSecond())).toList(),
          mean(rs, Round::perCpuSecond),
          mean(rs, Round::cores));
    }
  }

  /**
   * @param perSecond Informs accepted per second of wall-clock time
   * @param perCpuSecond per CPU-second of the whole process (generator threads, producer, GC)
   * @param cores CPU-seconds the process used per second
   */
  private record Round(double perSecond, double perCpuSecond, double cores) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static Round run(String kafka, int devices, int interval, int seconds, int threads)
      throws Exception {
    RunNames names = RunNames.fresh("genbench-" + threads + "t");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      new StackProvisioner(admin, null).createTopics(names.topics());
    }
    try {
      FleetStats stats = new FleetStats();
      try (KafkaTransport transport =
          new KafkaTransport(
              kafka,
              names.topics(),
              LocalPipeline.digestKey().getBytes(StandardCharsets.UTF_8),
              50_000,
              stats)) {
        Fleet fleet = new Fleet(devices, interval, System.currentTimeMillis(), 3);
        FleetRunner runner =
            new FleetRunner(
                fleet, transport, stats, new CohortKeys(List.of(), null), null, 3, threads);
        runner.start(List.of());
        // the first seconds warm up the JIT and the producer; count after them
        Thread.sleep(5_000);
        long from = stats.informsAccepted.sum();
        long start = System.nanoTime();
        long cpuFrom = OS.getProcessCpuTime();
        Thread.sleep(seconds * 1000L);
        long accepted = stats.informsAccepted.sum() - from;
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpuFrom) / 1e9;
        runner.close();
        if (runner.failure() != null) {
          throw new IllegalStateException("the generator failed", runner.failure());
        }
        return new Round(accepted / wall, accepted / cpu, cpu / wall);
      }
    } finally {
      LocalPipeline.deleteTopics(kafka, names);
    }
  }

  private static double mean(List<Round> rounds, ToDoubleFunction<Round> figure) {
    return rounds.stream().mapToDouble(figure).average().orElse(0);
  }
}
