package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.deploy.local.LocalFlinkCluster;
import io.cpesentinel.deploy.local.StackProvisioner;
import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.Topic;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job jars on a real multi-process Flink session cluster (deploy/local/flink: ZooKeeper, one
 * JobManager, two TaskManagers as separate JVMs) while the recorded fleet scenario ({@link
 * FleetScenario}) streams into the real broker: a TaskManager is killed with {@code kill -9}, later
 * the JobManager is killed and restarted, later the Kafka broker is stopped for 30 s. Afterwards
 * every expected incident is in Elasticsearch exactly once, {@code cpe.alerts} (read_committed)
 * holds no alert record twice, no Inform was lost and the job consumed all of them. Recovery times
 * and the maximum consumer lag are printed and written to {@code target/cluster-failover.txt}.
 */
@ExtendWith(LocalStackExtension.class)
class ClusterFailoverITCase {
  private static final String DETECTION_GROUP = "cpe-sentinel-detection";
  private static final Duration STREAM_FOR = Duration.ofSeconds(90);
  private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(30);
  private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(3);

  private static final AvroValueCodec<Alert> ALERTS = AvroValueCodec.forType(Alert.class);

  private final List<String> report = new ArrayList<>();

  @Test
  void everyAlertExactlyOnceThroughTaskManagerKillJobManagerRestartAndKafkaOutage(
      StackResources stack) throws Exception {
    // The jobs run as an operator runs them: contract topic names, the shipped rules.
    Map<Topic, String> topics = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      topics.put(topic, topic.topicName());
    }
    new StackProvisioner(stack.admin(), stack.elasticsearch()).createTopics(topics);
    List<FleetScenario.Event> events = recordedScenarioWithTail();
    FleetScenario scenario = new FleetScenario(500);
    long informs = events.stream().filter(FleetScenario.Event::inform).count();

    try (LocalFlinkCluster flink =
            LocalFlinkCluster.start(
                "flink-failover",
                stack.kafkaBootstrap(),
                stack.elasticsearchUrl(),
                2,
                3,
                Map.of(
                    "CPE_DETECTION_JAR", System.getProperty("cpe.detection.jar"),
                    "CPE_DELIVERY_JAR", System.getProperty("cpe.delivery.jar")));
        ConsumerLag lag =
            new ConsumerLag(
                stack.admin(),
                DETECTION_GROUP,
                List.of(Topic.CPE_INFORM.topicName(), Topic.ACS_EVENTS.topicName()))) {
      long started = System.nanoTime();
      Map<String, String> jobs = flink.submitAll();
      AtomicReference<String> detection = new AtomicReference<>(jobs.get("detection"));
      String delivery = jobs.get("delivery");
      await(
          "both jobs running",
          () -> flink.fullyRunning(detection.get()) && flink.fullyRunning(delivery));
      report("cluster up and both jobs running after %d s", secondsSince(started));

      // The upgrade happens at event minute 41, between the Mirai wave's first boots and the
      // windows that confirm it: the mass-reboot alert can only come from the upgraded job.
      int upgradeAt = firstIndexAt(events, FleetScenario.T0 + 41 * FleetScenario.MINUTE);
      CountDownLatch upgraded = new CountDownLatch(1);
      Set<String> incidentsBeforeUpgrade = new TreeSet<>();
      ExecutorService chaos = Executors.newSingleThreadExecutor();
      Streamer streamer = new Streamer(stack, events, upgradeAt, upgraded);
      CompletableFuture<Void> failures =
          CompletableFuture.runAsync(
              () -> {
                streamer.awaitSent(upgradeAt / 4);
                long checkpoint = flink.latestCheckpointId(detection.get());
                long restarts = flink.restarts(detection.get());
                String victim = flink.taskManagersOf(detection.get()).iterator().next();
                long failedAt = System.nanoTime();
                flink.killTaskManager(victim);
                recovered(
                    victim + " (running detection tasks) killed (-9)",
                    failedAt,
                    flink,
                    detection.get(),
                    delivery,
                    checkpoint,
                    restarts);
                flink.startTaskManager(victim); // the replacement a pod restart would bring

                streamer.awaitSent(upgradeAt * 2 / 3);
                checkpoint = flink.latestCheckpointId(detection.get());
                failedAt = System.nanoTime();
                flink.killJobManager();
                flink.startJobManager();
                recovered(
                    "JobManager killed (-9) and restarted",
                    failedAt,
                    flink,
                    detection.get(),
                    delivery,
                    checkpoint,
                    -1);

                streamer.awaitSent(upgradeAt);
                incidentsBeforeUpgrade.addAll(incidents(alertsInKafka(stack)));
                failedAt = System.nanoTime();
                String savepoint = flink.stopWithSavepoint("detection");
                report("stop-with-savepoint took %.1f s", (System.nanoTime() - failedAt) / 1e9);
                detection.set(
                    flink.submit(
                        "detection",
                        Optional.of(savepoint),
                        Map.of("CPE_DETECTION_CONFIG", changedRules().toString())));
                recovered(
                    "Upgrade (savepoint, changed rules, restore)",
                    failedAt,
                    flink,
                    detection.get(),
                    delivery,
                    -1,
                    -1);
                upgraded.countDown();

                streamer.awaitSent((upgradeAt + events.size()) / 2);
                long stoppedAt = System.nanoTime();
                stack.stopKafka();
                LockSupport.parkNanos(KAFKA_OUTAGE.toNanos()); // the outage itself
                stack.startStopped();
                report(
                    "Kafka broker stopped, 30 s, started and healthy: %d s in all",
                    secondsSince(stoppedAt));
                long backAt = System.nanoTime();
                recovered(
                    "Kafka back after 30 s down (times from the broker's return)",
                    backAt,
                    flink,
                    detection.get(),
                    delivery,
                    flink.latestCheckpointId(detection.get()),
                    -1);
              },
              chaos);
      failures.whenComplete((done, failure) -> upgraded.countDown()); // never hold the stream
      streamer.run();
      failures.get(RECOVERY_DEADLINE.toMinutes() * 3, TimeUnit.MINUTES);
      chaos.shutdown();
      report(
          "scenario streamed: %d records (%d Informs) in %d s",
          events.size(), informs, secondsSince(streamer.started));

      await(
          "detection consumed every record and every expected incident is in Elasticsearch",
          () ->
              lag.current() == 0
                  && incidentsInElasticsearch(stack).containsAll(scenario.expected()));
      report("all caught up %d s after the last record was sent", secondsSince(streamer.finished));
      report("max consumer lag of %s: %d records", DETECTION_GROUP, lag.max());

      // No Inform lost (or duplicated) on its way in.
      assertThat(stack.readToEnd(Topic.CPE_INFORM.topicName(), Duration.ofSeconds(60)))
          .hasSize((int) informs);
      // Exactly once into cpe.alerts: no alert record committed twice.
      List<ConsumerRecord<byte[], byte[]>> alertRecords = alertsInKafka(stack);
      Map<ByteBuffer, Integer> copies = new HashMap<>();
      Set<String> alertIds = new HashSet<>();
      Map<String, Alert> latest = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : alertRecords) {
        copies.merge(ByteBuffer.wrap(record.value()), 1, Integer::sum);
        Alert alert = ALERTS.decode(record.value());
        alertIds.add(alert.getAlertId());
        latest.put(alert.getRuleId() + " " + alert.getSubjectKey(), alert);
      }
      report("cpe.alerts: %d records, %d alert ids", alertRecords.size(), alertIds.size());
      assertThat(copies).allSatisfy((value, count) -> assertThat(count).isEqualTo(1));
      assertThat(incidents(alertRecords)).containsExactlyInAnyOrderElementsOf(scenario.expected());
      // The upgraded job (rules version 2) restored the cohort state and confirmed the Mirai wave.
      String mirai = "mass-reboot " + FleetScenario.cohort("HGW-A", "5.4.1");
      assertThat(incidentsBeforeUpgrade).doesNotContain(mirai);
      assertThat(latest.get(mirai).getRuleVersion()).isEqualTo("2");
      // Exactly once in Elasticsearch: one document per alert id, one per expected incident.
      List<String> documents = documentsInElasticsearch(stack);
      assertThat(documents).containsExactlyInAnyOrderElementsOf(scenario.expected());
      assertThat(documents).hasSameSizeAs(alertIds);
    } finally {
      Path out = Path.of("target", "cluster-failover.txt");
      Files.createDirectories(out.getParent());
      Files.write(out, report);
    }
  }

  /**
   * The scenario, then its last ten minutes of periodic Informs again 10, 20 and 30 minutes later,
   * so event time moves on past every window of the hour (an unbounded job only fires what the
   * watermark has passed).
   */
  private static List<FleetScenario.Event> recordedScenarioWithTail() {
    FleetScenario scenario = new FleetScenario(500);
    List<FleetScenario.Event> events = new ArrayList<>(scenario.events());
    long lastTen = FleetScenario.T0 + 50 * FleetScenario.MINUTE;
    for (int shift = 1; shift <= 3; shift++) {
      for (FleetScenario.Event event : scenario.events()) {
        if (event.inform() && event.at() >= lastTen && periodicOnly((CwmpInform) event.value())) {
          long at = event.at() + shift * 10 * FleetScenario.MINUTE;
          CwmpInform copy =
              CwmpInform.newBuilder((CwmpInform) event.value())
                  .setEventId(event.key() + "@" + at)
                  .setReceivedAt(Instant.ofEpochMilli(at))
                  .build();
          events.add(new FleetScenario.Event(true, event.key(), at, copy));
        }
      }
    }
    return events;
  }

  private static int firstIndexAt(List<FleetScenario.Event> events, long at) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).at() >= at) {
        return i;
      }
    }
    throw new IllegalStateException("no event at or after " + Instant.ofEpochMilli(at));
  }

  /** The shipped detection rules as version 2: what an operator's rules change looks like. */
  private static Path changedRules() {
    try {
      Path shipped = Path.of(System.getProperty("cpe.sentinel.root"), "rules", "detection.yaml");
      String rules = Files.readString(shipped);
      assertThat(rules).contains("version: \"1\"");
      Path changed = Files.createTempFile("detection-v2-", ".yaml");
      Files.writeString(changed, rules.replace("version: \"1\"", "version: \"2\""));
      return changed;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> alertsInKafka(StackResources stack) {
    return stack.readToEnd(Topic.CPE_ALERTS.topicName(), Duration.ofSeconds(60));
  }

  /** "rule subject" of every alert record. */
  private static Set<String> incidents(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> incidents = new TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        Alert alert = ALERTS.decode(record.value());
        incidents.add(alert.getRuleId() + " " + alert.getSubjectKey());
      } catch (RecordDecodingException e) {
        throw new AssertionError("undecodable alert in cpe.alerts", e);
      }
    }
    return incidents;
  }

  private static boolean periodicOnly(CwmpInform inform) {
    return inform.getEvents().size() == 1
        && inform.getEvents().get(0).getCode().equals("2 PERIODIC");
  }

  /**
   * Measures a recovery from {@code failedAt}: when both jobs run all their tasks again (after the
   * failure was noticed, if {@code restartExpected}), and when the detection job completed its
   * first checkpoint after the failure (its state durable and its alerts committed again).
   */
  private void recovered(
      String failure,
      long failedAt,
      LocalFlinkCluster flink,
      String detection,
      String delivery,
      long checkpointBefore,
      long restartsBefore) {
    if (restartsBefore >= 0) {
      await(failure + ": the failure noticed", () -> flink.restarts(detection) > restartsBefore);
    }
    await(
        failure + ": jobs running again",
        () -> flink.fullyRunning(detection) && flink.fullyRunning(delivery));
    long running = System.nanoTime();
    await(
        failure + ": a checkpoint after the failure",
        () -> flink.latestCheckpointId(detection) > checkpointBefore);
    long checkpointed = System.nanoTime();
    report(
        "%s: jobs fully running after %.1f s, first checkpoint after the failure at %.1f s",
        failure, (running - failedAt) / 1e9, (checkpointed - failedAt) / 1e9);
  }

  private static Set<String> incidentsInElasticsearch(StackResources stack) {
    return new TreeSet<>(documentsInElasticsearch(stack));
  }

  /** "rule subject" of every alert document, one entry per document. */
  private static List<String> documentsInElasticsearch(StackResources stack) {
    try {
      stack.elasticsearch().indices().refresh(r -> r.index("cpe-alerts-*").ignoreUnavailable(true));
      List<String> documents = new ArrayList<>();
      for (Hit<ObjectNode> hit :
          stack
              .elasticsearch()
              .search(
                  s -> s.index("cpe-alerts-*").ignoreUnavailable(true).size(1000), ObjectNode.class)
              .hits()
              .hits()) {
        ObjectNode doc = hit.source();
        documents.add(
            doc.path("rule").path("id").asText()
                + " "
                + doc.path("cpe").path("subject").path("key").asText());
      }
      return documents;
    } catch (java.io.IOException | RuntimeException e) {
      return List.of(); // Elasticsearch busy or the index not there yet: the caller polls
    }
  }

  private void report(String format, Object... args) {
    String line = String.format(format, args);
    report.add(line);
    System.out.println("[cluster-failover] " + line);
  }

  private static long secondsSince(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + RECOVERY_DEADLINE + ": " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
    }
  }

  /** Sends the recorded events in event-time order, paced evenly over {@link #STREAM_FOR}. */
  private static final class Streamer {
    private final StackResources stack;
    private final List<FleetScenario.Event> events;
    private final AvroValueCodec<CwmpInform> informs = AvroValueCodec.forType(CwmpInform.class);
    private final AvroValueCodec<AcsEvent> acsEvents = AvroValueCodec.forType(AcsEvent.class);
    private final int holdAt;
    private final CountDownLatch release;
    private volatile int sent;
    private volatile long started;
    private volatile long finished;

    /** Holds before event {@code holdAt} until {@code release} opens. */
    Streamer(
        StackResources stack,
        List<FleetScenario.Event> events,
        int holdAt,
        CountDownLatch release) {
      this.stack = stack;
      this.events = events;
      this.holdAt = holdAt;
      this.release = release;
    }

    void run() {
      started = System.nanoTime();
      long base = started;
      long perEvent = STREAM_FOR.toNanos() / events.size();
      for (int i = 0; i < events.size(); i++) {
        if (i == holdAt) {
          stack.flush();
          long held = System.nanoTime();
          try {
            if (!release.await(RECOVERY_DEADLINE.toMinutes() * 3, TimeUnit.MINUTES)) {
              throw new AssertionError("the upgrade did not finish");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
          base += System.nanoTime() - held; // resume the pace, don't burst
        }
        FleetScenario.Event event = events.get(i);
        byte[] value =
            event.inform()
                ? informs.encode((CwmpInform) event.value())
                : acsEvents.encode((AcsEvent) event.value());
        stack.send(
            event.inform() ? Topic.CPE_INFORM.topicName() : Topic.ACS_EVENTS.topicName(),
            event.key(),
            event.at(),
            value);
        sent = i + 1;
        long due = base + (i + 1) * perEvent;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // pacing the simulated fleet, not waiting for a result
        }
      }
      stack.flush();
      finished = System.nanoTime();
    }

    /** Blocks until {@code count} events were handed to the producer. */
    void awaitSent(int count) {
      while (sent < count) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }
}
