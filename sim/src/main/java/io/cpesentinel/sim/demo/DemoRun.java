package io.cpesentinel.sim.demo;

import io.cpesentinel.detect.CohortKeys;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.sim.FleetRunner;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.scenario.GroundTruth;
import io.cpesentinel.sim.scenario.Injection;
import io.cpesentinel.sim.scenario.ScenarioSpec;
import io.cpesentinel.sim.score.AlertDoc;
import io.cpesentinel.sim.score.AlertWatcher;
import io.cpesentinel.sim.score.Scorer;
import io.cpesentinel.sim.transport.FleetStats;
import io.cpesentinel.sim.transport.HttpTransport;
import io.cpesentinel.sim.transport.KafkaTransport;
import io.cpesentinel.sim.transport.Transport;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of the demo: the pipeline, the fleet with its scenarios, progress every five seconds,
 * then the scorer's table. The demo command, the bench and FleetSimulationITCase all run it.
 */
public final class DemoRun implements AutoCloseable {
  public static final String DEMO_DETECTION = "io/cpesentinel/sim/demo-detection.yaml";
  private static final long PROGRESS_MILLIS = 5_000;

  private final DemoOptions options;
  private final PrintStream out;
  private final RunNames names;
  private final Path runDirectory;
  private LocalPipeline pipeline;
  private Transport transport;
  private FleetRunner runner;
  private GroundTruth truth;
  private volatile boolean closed;

  public DemoRun(DemoOptions options, RunNames names, PrintStream out) {
    this.options = options;
    this.names = names;
    this.out = out;
    this.runDirectory = options.runRoot().resolve(names.runId());
  }

  public Path runDirectory() {
    return runDirectory;
  }

  public RunNames names() {
    return names;
  }

  /** Runs everything; returns the score (the caller decides the exit status). */
  public Scorer.Score run() throws Exception {
    Files.createDirectories(runDirectory);
    Path detectionFile = runDirectory.resolve("detection.yaml");
    try (InputStream in = DemoRun.class.getClassLoader().getResourceAsStream(DEMO_DETECTION)) {
      Files.copy(in, detectionFile, StandardCopyOption.REPLACE_EXISTING);
    }
    Detection detection = ConfigFiles.load(detectionFile, null);
    long t0 = System.currentTimeMillis();
    out.printf(
        "==> run %s: %,d devices, Informs every %d s, %d s, %s%n",
        names.runId(),
        options.devices(),
        options.intervalSeconds(),
        options.seconds(),
        options.http() ? "CWMP over HTTP to the ingest" : "straight to Kafka");
    out.printf("    files: %s%n", runDirectory);
    pipeline =
        LocalPipeline.start(
            options.kafka(),
            options.elasticsearch(),
            names,
            detection,
            runDirectory,
            options.http());
    out.printf(
        "==> pipeline up in %.1f s: %sdetection job (parallelism 2, alerts at-least-once, checkpoints"
            + " every %d s) and delivery to Elasticsearch (flush every %d ms) on a Flink MiniCluster%n",
        (System.currentTimeMillis() - t0) / 1000.0,
        pipeline.hasIngest() ? "ingest " + pipeline.cwmpUrl() + ", " : "",
        LocalPipeline.DETECTION_CHECKPOINTS.toSeconds(),
        LocalPipeline.DELIVERY_CHECKPOINTS.toMillis());

    FleetStats stats = new FleetStats();
    transport =
        options.http()
            ? new HttpTransport(
                URI.create(pipeline.cwmpUrl()),
                URI.create(pipeline.webhookUrl()),
                pipeline.webhookToken(),
                256,
                stats)
            : new KafkaTransport(
                options.kafka(),
                names.topics(),
                LocalPipeline.digestKey().getBytes(StandardCharsets.UTF_8),
                20_000,
                stats);
    Fleet fleet =
        new Fleet(
            options.devices(),
            options.intervalSeconds(),
            System.currentTimeMillis(),
            options.seed());
    CohortKeys cohortKeys =
        new CohortKeys(detection.config().cohort().dimensions(), detection.config().addressPlan());
    runner =
        new FleetRunner(
            fleet,
            transport,
            stats,
            cohortKeys,
            options.http() ? "127.0.0.1" : null,
            options.seed(),
            1);
    AlertWatcher watcher =
        new AlertWatcher(options.elasticsearch(), names.alertIndexPattern(), true);
    out.printf(
        "==> fleet: %,d devices (%s), %.0f Informs/s when nothing happens; scenarios: %s%n",
        fleet.devices().size(),
        fleet.cohorts().keySet(),
        fleet.steadyInformRate(),
        describe(options.scenarios()));
    runner.start(options.scenarios());
    long start = runner.startedAt();
    long end = start + options.seconds() * 1000L;
    long lastInjection =
        start
            + options.scenarios().stream().mapToLong(ScenarioSpec::atSecond).max().orElse(0)
                * 1000L;
    long settleUntil = end + options.settleSeconds() * 1000L;
    long quietUntil = Math.max(end, lastInjection + 60_000);
    Progress progress = new Progress(stats, start);
    long nextProgress = start + PROGRESS_MILLIS;
    boolean announcedSettle = false;
    while (!closed) {
      Thread.sleep(250);
      long now = System.currentTimeMillis();
      if (runner.failure() != null) {
        throw new IllegalStateException("the fleet's scheduler failed", runner.failure());
      }
      if (now >= nextProgress) {
        nextProgress += PROGRESS_MILLIS;
        List<AlertDoc> alerts = poll(watcher);
        out.println(
            progress.line(
                now,
                fleet.devices().size(),
                alerts,
                runner.injections().size(),
                pipeline.stoppedJobs()));
        if (now >= end) {
          truth = groundTruth(fleet);
          Scorer.Score score = Scorer.score(truth, alerts);
          boolean allFound =
              score.rows().stream()
                  .filter(Scorer.Row::attack)
                  .allMatch(r -> r.found() == r.expected());
          if (!announcedSettle) {
            announcedSettle = true;
            out.printf(
                "==> fleet time is up; the fleet keeps informing (event time moves on) until every"
                    + " expected alert is in and %d s passed since the last injection, at most %d s%n",
                60, options.settleSeconds());
          }
          if ((allFound && now >= quietUntil) || now >= settleUntil) {
            break;
          }
        }
      }
    }
    if (closed) {
      throw new InterruptedException(
          "interrupted: the fleet, the jobs and the ingest were stopped");
    }
    runner.close();
    List<AlertDoc> alerts = poll(watcher);
    truth = groundTruth(fleet);
    truth.write(runDirectory.resolve("ground-truth.json"));
    Scorer.Score score = Scorer.score(truth, alerts);
    String table = Scorer.table(score);
    Files.writeString(runDirectory.resolve("score.txt"), table);
    out.printf(
        "%n==> %,d Informs sent, %,d accepted, %,d lost; %,d ACS events; %,d alerts in Elasticsearch%n%n",
        stats.informsSent.sum(),
        stats.informsAccepted.sum(),
        stats.informsLost.sum(),
        stats.acsEventsAccepted.sum(),
        alerts.size());
    out.print(table);
    return score;
  }

  private List<AlertDoc> poll(AlertWatcher watcher) {
    try {
      return watcher.poll();
    } catch (Exception e) {
      out.println("    (Elasticsearch not answering: " + e.getMessage() + ")");
      return watcher.alerts();
    }
  }

  private GroundTruth groundTruth(Fleet fleet) {
    List<Injection> injections = runner.injections();
    return new GroundTruth(
        names.runId(),
        runner.startedAt(),
        fleet.devices().size(),
        fleet.intervalSeconds(),
        transport.describe(),
        names.alertIndexPattern(),
        injections);
  }

  private static String describe(List<ScenarioSpec> specs) {
    Map<Integer, String> byTime = new TreeMap<>();
    for (ScenarioSpec spec : specs) {
      byTime.merge(
          spec.atSecond(),
          spec.scenario().id() + (spec.scale() == 1.0 ? "" : ":" + spec.scale()),
          (a, b) -> a + ", " + b);
    }
    StringBuilder text = new StringBuilder();
    byTime.forEach(
        (at, ids) ->
            text.append(text.length() == 0 ? "" : ", ")
                .append(ids)
                .append(" @")
                .append(at)
                .append("s"));
    return text.toString();
  }

  /** Stops the fleet, the jobs and the ingest, and deletes the run's topics. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (runner != null) {
      runner.close();
    }
    if (transport != null) {
      transport.close();
    }
    if (pipeline != null) {
      pipeline.close();
      pipeline.deleteTopics();
    }
  }
}
