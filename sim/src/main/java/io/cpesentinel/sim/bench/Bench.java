package io.cpesentinel.sim.bench;

import io.cpesentinel.detect.CohortKeys;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.schema.Topic;
import io.cpesentinel.sim.FleetRunner;
import io.cpesentinel.sim.demo.DemoRun;
import io.cpesentinel.sim.demo.LocalPipeline;
import io.cpesentinel.sim.demo.RunNames;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.transport.FleetStats;
import io.cpesentinel.sim.transport.HttpTransport;
import io.cpesentinel.sim.transport.KafkaTransport;
import io.cpesentinel.sim.transport.Transport;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end bench of the whole pipeline (fleet → ingest or Kafka → detection job → delivery →
 * Elasticsearch) in one JVM against the local stack:
 *
 * <ol>
 *   <li>warm-up: every device informs once (its first Inform is new state for the job), until the
 *       job caught up;
 *   <li>steady phase: the fleet at a target rate; sustained Informs/s accepted, detection lag at
 *       the end, and the latency of probe alerts (a device switches Telnet on; the per-device
 *       posture detector raises {@code posture.telnet-enabled} at once) from the ingest's
 *       received-at to the document being searchable, p50/p99;
 *   <li>boot storm: ten times the rate in all for {@code --storm-seconds} (extra {@code 1 BOOT}
 *       Informs of random devices, shared by the generator threads); the rate reached, and the
 *       drain, the steady fleet still informing: from the storm's end until the detection job's
 *       committed offsets pass where the storm left the topic, and until its lag is back to normal
 *       (the lag before the storm, or two checkpoints' worth of the rate if larger);
 *   <li>loss, once the fleet stopped: Informs Kafka acknowledged vs records in the topic, and
 *       whether the detection job's committed offsets reached the topic's end.
 * </ol>
 *
 * Usage: {@code Bench [--transport http|kafka] [--rate 5000] [--interval 30] [--seconds 120]
 * [--storm-seconds 120] [--storm-factor 10] [--probes-per-second 2] [--generator-threads 4]
 * [--generator-nice -10] [--drain-timeout-seconds 900] [--warm-up-seconds 300] [--correlation
 * on|off] [--kafka H:P] [--es URL]}; generator threads default to 4 straight to Kafka, 1 over HTTP.
 * The generator threads run at a lower nice value than the pipeline (more CPU when both want it):
 * the fleet stands for the outside world, whose devices inform on time however busy the pipeline
 * is; a negative value needs root, and {@code --generator-nice 0} shares the CPU evenly. The
 * warm-up lasts one inform interval and then until the detection job caught up with the fleet's
 * first Informs (at most {@code --warm-up-seconds}; the report says whether it did).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    boolean http = o.getOrDefault("transport", "kafka").equals("http");
    double rate = Double.parseDouble(o.getOrDefault("rate", http ? "1000" : "5000"));
    int interval = Integer.parseInt(o.getOrDefault("interval", "30"));
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "120"));
    int stormSeconds = Integer.parseInt(o.getOrDefault("storm-seconds", "120"));
    double stormFactor = Double.parseDouble(o.getOrDefault("storm-factor", "10"));
    double probes = Double.parseDouble(o.getOrDefault("probes-per-second", "2"));
    long drainMillis = Long.parseLong(o.getOrDefault("drain-timeout-seconds", "900")) * 1000L;
    long warmUpMillis = Long.parseLong(o.getOrDefault("warm-up-seconds", "300")) * 1000L;
    int generatorThreads = Integer.parseInt(o.getOrDefault("generator-threads", http ? "1" : "4"));
    int generatorNice = Integer.parseInt(o.getOrDefault("generator-nice", "-10"));
    String kafka =
        o.getOrDefault(
            "kafka", "127.0.0.1:" + System.getenv().getOrDefault("CPE_KAFKA_PORT", "9092"));
    String es =
        o.getOrDefault(
            "es", "http://127.0.0.1:" + System.getenv().getOrDefault("CPE_ES_PORT", "9200"));
    String home = System.getenv().getOrDefault("CPE_SENTINEL_HOME", "/var/tmp/cpe-sentinel-bench");
    int devices = (int) Math.round(rate * interval);

    RunNames names = RunNames.fresh("bench");
    Path dir = Path.of(home, "sim-runs", names.runId());
    Files.createDirectories(dir);
    Path detectionFile = dir.resolve("detection.yaml");
    try (InputStream in =
        DemoRun.class.getClassLoader().getResourceAsStream(DemoRun.DEMO_DETECTION)) {
      Files.copy(in, detectionFile, StandardCopyOption.REPLACE_EXISTING);
    }
    Detection detection =
        ConfigFiles.load(detectionFile, null)
            .withCorrelationEnabled(
                switch (o.getOrDefault("correlation", "on")) {
                  case "on" -> true;
                  case "off" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "--correlation: on or off (was " + o.get("correlation") + ")");
                });
    System.out.printf(
        "== e2e bench %s: %s, %,d devices informing every %d s = %,.0f Informs/s target;"
            + " %d s steady, then %.0fx for %d s; %d generator threads; correlation rules %s%n",
        names.runId(),
        http ? "CWMP over HTTP to the ingest" : "straight to Kafka (ingest's record mapping)",
        devices,
        interval,
        rate,
        seconds,
        stormFactor,
        stormSeconds,
        generatorThreads,
        detection.config().correlation().enabled() ? "on" : "off");
    FleetStats stats = new FleetStats();
    try (LocalPipeline pipeline = LocalPipeline.start(kafka, es, names, detection, dir, http);
        Transport transport =
            http
                ? new HttpTransport(
                    URI.create(pipeline.cwmpUrl()),
                    URI.create(pipeline.webhookUrl()),
                    pipeline.webhookToken(),
                    512,
                    stats)
                : new KafkaTransport(
                    kafka,
                    names.topics(),
                    LocalPipeline.digestKey().getBytes(StandardCharsets.UTF_8),
                    50_000,
                    stats);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      Fleet fleet = new Fleet(devices, interval, System.currentTimeMillis(), 3);
      CohortKeys cohorts =
          new CohortKeys(
              detection.config().cohort().dimensions(), detection.config().addressPlan());
      FleetRunner runner =
          new FleetRunner(
              fleet, transport, stats, cohorts, http ? "127.0.0.1" : null, 3, generatorThreads);
      runner.generatorNice(generatorNice);
      ProbeLatency latency =
          new ProbeLatency(es, names.alertIndexPattern(), "posture.telnet-enabled");
      String informTopic = names.topics().get(Topic.CPE_INFORM);
      String group = names.group() + "-detection";
      runner.start(List.of());
      long start = runner.startedAt();

      // Warm-up: one inform interval, so every device informed once and the job is running, then
      // until the job has caught up with those first Informs (each one new state, new rule
      // partitions): steady figures are of a pipeline at steady state.
      // The lag is read from committed offsets, which move at checkpoints: a job that keeps up
      // shows up to one checkpoint interval plus the checkpoint's own time.
      long caughtUpLag = (long) (rate * (LocalPipeline.DETECTION_CHECKPOINTS.toSeconds() + 5));
      boolean caughtUp =
          warmUp(
              stats,
              start,
              admin,
              informTopic,
              group,
              start + interval * 1000L,
              start + warmUpMillis,
              caughtUpLag);
      System.out.println(
          runner.generatorNiceRefused() == null
              ? "generator threads at nice " + generatorNice
              : "generator threads at their default priority, nice "
                  + generatorNice
                  + " refused: "
                  + runner.generatorNiceRefused());
      System.out.printf(
          "warm-up: %d s; %s%n",
          (System.currentTimeMillis() - start) / 1000,
          caughtUp
              ? String.format(
                  "the detection job caught up (lag <= %,d records: offsets are committed on"
                      + " checkpoints, every %d s)",
                  caughtUpLag, LocalPipeline.DETECTION_CHECKPOINTS.toSeconds())
              : String.format(
                  "the detection job had NOT caught up (lag > %,d records) within"
                      + " --warm-up-seconds: the steady figures include catching up",
                  caughtUpLag));
      long steadyStart = System.currentTimeMillis();
      long acceptedAtStart = stats.informsAccepted.sum();
      long steadyEnd = steadyStart + seconds * 1000L;
      double owedProbes = 0;
      long lastProbe = steadyStart;
      long nextLine = steadyStart + 10_000;
      while (System.currentTimeMillis() < steadyEnd) {
        Thread.sleep(ProbeLatency.POLL.toMillis());
        long now = System.currentTimeMillis();
        owedProbes += (now - lastProbe) * probes / 1000.0;
        lastProbe = now;
        while (owedProbes >= 1) {
          owedProbes -= 1;
          runner.post(
              () -> {
                for (SimDevice device : runner.take(d -> true, 1)) {
                  device.set(device.line().paths().telnet(), "true");
                  device.queueEvent("4 VALUE CHANGE", null);
                  runner.informNow(device);
                }
              });
        }
        latency.poll();
        if (now >= nextLine) {
          nextLine += 10_000;
          System.out.printf(
              "  steady t+%3ds accepted %,d  probes searchable %d  detection lag %,d%n",
              (now - steadyStart) / 1000,
              stats.informsAccepted.sum(),
              latency.count(),
              lag(admin, informTopic, group, null));
        }
      }
      long steadyAccepted = stats.informsAccepted.sum() - acceptedAtStart;
      double sustained = steadyAccepted * 1000.0 / (System.currentTimeMillis() - steadyStart);
      // late probes
      long probeDeadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < probeDeadline) {
        Thread.sleep(ProbeLatency.POLL.toMillis());
        latency.poll();
      }
      long lagAfterSteady = lag(admin, informTopic, group, null);
      System.out.printf(
          "steady: %,d Informs accepted in %d s = %,.0f Informs/s sustained (target %,.0f);"
              + " %,d lost; detection lag afterwards %,d records%n",
          steadyAccepted, seconds, sustained, rate, stats.informsLost.sum(), lagAfterSteady);
      System.out.printf(
          "latency, Inform received by the ingest -> alert searchable in Elasticsearch"
              + " (posture.telnet-enabled probes, n=%d, ES polled every %d ms): p50 %d ms, p99 %d"
              + " ms, max %d ms%n",
          latency.count(),
          ProbeLatency.POLL.toMillis(),
          latency.quantile(0.5),
          latency.quantile(0.99),
          latency.quantile(1.0));

      if (stormSeconds > 0) {
        bootStorm(
            runner, stats, admin, informTopic, group, rate, stormFactor, stormSeconds, drainMillis);
      }
      runner.close();
      settle(stats);
      Map<TopicPartition, Long> ends = endOffsets(admin, informTopic);
      long inTopic = ends.values().stream().mapToLong(Long::longValue).sum();
      long accepted = stats.informsAccepted.sum();
      System.out.printf(
          "loss: fleet stopped; %,d Informs accepted by Kafka, %,d records in %s (every accepted"
              + " Inform is there: %s); %,d given up by the fleet%n",
          accepted,
          inTopic,
          informTopic,
          inTopic >= accepted ? "yes" : "NO, " + (accepted - inTopic) + " missing",
          stats.informsLost.sum());
      long readAll = waitForLag(admin, informTopic, group, ends, drainMillis);
      System.out.printf(
          "loss: the detection job read every record (its committed offsets reached the end):"
              + " %s%n",
          readAll < 0
              ? String.format("NO, not within %d s", drainMillis / 1000)
              : String.format("yes, %.1f s after the fleet stopped", readAll / 1000.0));
    } finally {
      LocalPipeline.deleteTopics(kafka, names);
    }
  }

  /**
   * Ten times the rate (by default) for {@code stormSeconds} while the fleet goes on as before; the
   * storm rate reached, and the drain: from the storm's end until the detection job has committed
   * every record the storm left in the topic, the steady fleet still informing.
   */
  private static void bootStorm(
      FleetRunner runner,
      FleetStats stats,
      Admin admin,
      String informTopic,
      String group,
      double rate,
      double stormFactor,
      int stormSeconds,
      long drainMillis)
      throws Exception {
    long lagBefore = lag(admin, informTopic, group, null);
    long sentBefore = stats.informsSent.sum();
    long stormStart = System.currentTimeMillis();
    runner.bootStorm(rate * (stormFactor - 1), stormSeconds * 1000L);
    long stormEnd = stormStart + stormSeconds * 1000L;
    long next = stormStart + 10_000;
    long sentAtLine = sentBefore;
    double peak = 0;
    while (System.currentTimeMillis() < stormEnd) {
      Thread.sleep(Math.max(1, Math.min(500, stormEnd - System.currentTimeMillis())));
      long now = System.currentTimeMillis();
      if (now >= next) {
        long sent = stats.informsSent.sum();
        double lineRate = (sent - sentAtLine) / 10.0;
        peak = Math.max(peak, lineRate);
        sentAtLine = sent;
        next += 10_000;
        System.out.printf(
            "  storm t+%3ds sent %,d (%,.0f/s over 10 s) accepted %,d in flight %d detection lag"
                + " %,d%n",
            (now - stormStart) / 1000,
            sent,
            lineRate,
            stats.informsAccepted.sum(),
            stats.inFlight.get(),
            lag(admin, informTopic, group, null));
      }
    }
    long sentInStorm = stats.informsSent.sum() - sentBefore;
    long stormMillis = System.currentTimeMillis() - stormStart;
    // what was sent until the storm's end is in the topic once Kafka acknowledged it
    long sentAtEnd = stats.informsSent.sum();
    long ackDeadline = System.currentTimeMillis() + 60_000;
    while (stats.informsAccepted.sum() + stats.informsLost.sum() < sentAtEnd
        && System.currentTimeMillis() < ackDeadline) {
      Thread.sleep(20);
    }
    Map<TopicPartition, Long> stormEnds = endOffsets(admin, informTopic);
    System.out.printf(
        "storm: %,d Informs sent in %.1f s = %,.0f Informs/s (target %,.0f/s = %.0fx %,.0f/s:"
            + " %s), best 10 s %,.0f/s; detection lag before the storm %,d records, at its end"
            + " %,d%n",
        sentInStorm,
        stormMillis / 1000.0,
        sentInStorm * 1000.0 / stormMillis,
        rate * stormFactor,
        stormFactor,
        rate,
        sentInStorm * 1000.0 / stormMillis >= 0.98 * rate * stormFactor ? "reached" : "NOT reached",
        peak,
        lagBefore,
        lag(admin, informTopic, group, stormEnds));
    // Normal: the lag before the storm, or what two checkpoints' worth of the steady rate leaves
    // uncommitted (offsets are committed on checkpoints), whichever is larger.
    long normal =
        Math.max(lagBefore, (long) (2 * rate * LocalPipeline.DETECTION_CHECKPOINTS.toSeconds()));
    long over = stormStart + stormMillis;
    long stormRead = -1;
    long backToNormal = -1;
    long nextLine = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < over + drainMillis) {
      long now = System.currentTimeMillis();
      if (stormRead < 0 && lag(admin, informTopic, group, stormEnds) == 0) {
        stormRead = now - over;
      }
      long lag = lag(admin, informTopic, group, null);
      if (stormRead >= 0 && lag <= normal) {
        backToNormal = now - over;
        break;
      }
      if (now >= nextLine) {
        nextLine += 10_000;
        System.out.printf(
            "  drain t+%3ds detection lag %,d (normal: %,d)%s%n",
            (now - over) / 1000, lag, normal, stormRead < 0 ? "" : ", the storm's records read");
      }
      Thread.sleep(200);
    }
    System.out.printf(
        "storm drain, from the storm's end, the steady fleet still informing (offsets committed on"
            + " checkpoints, every %d s): the storm's records read by the detection job after %s;"
            + " detection lag back to normal (<= %,d records) after %s%n",
        LocalPipeline.DETECTION_CHECKPOINTS.toSeconds(),
        stormRead < 0
            ? String.format("NOT within %d s", drainMillis / 1000)
            : String.format("%.1f s", stormRead / 1000.0),
        normal,
        backToNormal < 0
            ? String.format("NOT within %d s", drainMillis / 1000)
            : String.format("%.1f s", backToNormal / 1000.0));
  }

  /** Waits until the fleet's Informs in flight are acknowledged or given up (at most 60 s). */
  private static void settle(FleetStats stats) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (stats.inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
  }

  /**
   * Milliseconds until the group's committed offsets reach {@code ends}, or -1 after {@code
   * timeout}; prints what is left every 10 s.
   */
  private static long waitForLag(
      Admin admin, String topic, String group, Map<TopicPartition, Long> ends, long timeout)
      throws Exception {
    long start = System.currentTimeMillis();
    long nextLine = start + 10_000;
    while (System.currentTimeMillis() < start + timeout) {
      long lag = lag(admin, topic, group, ends);
      if (lag == 0) {
        return System.currentTimeMillis() - start;
      }
      if (System.currentTimeMillis() >= nextLine) {
        nextLine += 10_000;
        System.out.printf(
            "  t+%3ds: %,d records left (detection lag %,d)%n",
            (System.currentTimeMillis() - start) / 1000, lag, lag(admin, topic, group, null));
      }
      Thread.sleep(200);
    }
    return -1;
  }

  /**
   * Reports every 5 s until {@code atLeast}, then until the detection lag is at most {@code
   * caughtUpLag} in two reports running, or {@code atMost}; true when it caught up.
   */
  private static boolean warmUp(
      FleetStats stats,
      long start,
      Admin admin,
      String topic,
      String group,
      long atLeast,
      long atMost,
      long caughtUpLag)
      throws Exception {
    int lowReports = 0;
    while (System.currentTimeMillis() < atMost) {
      Thread.sleep(5_000);
      long lag = lag(admin, topic, group, null);
      System.out.printf(
          "  warm-up t+%3ds accepted %,d  detection lag %,d%n",
          (System.currentTimeMillis() - start) / 1000, stats.informsAccepted.sum(), lag);
      lowReports = lag <= caughtUpLag ? lowReports + 1 : 0;
      if (lowReports >= 2 && System.currentTimeMillis() >= atLeast) {
        return true;
      }
    }
    return false;
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    var partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * Records of {@code topic} (up to {@code ends}, or its current end) the group has not committed.
   */
  private static long lag(Admin admin, String topic, String group, Map<TopicPartition, Long> ends)
      throws Exception {
    Map<TopicPartition, Long> target = ends != null ? ends : endOffsets(admin, topic);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long lag = 0;
    for (var entry : target.entrySet()) {
      OffsetAndMetadata offset = committed.get(entry.getKey());
      lag += Math.max(0, entry.getValue() - (offset == null ? 0 : offset.offset()));
    }
    return lag;
  }
}
