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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
  private static final Duration STREAM_FOR = Duration.ofSeconds(120);
  private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(30);
  private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(3);

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
      String detection = jobs.get("detection");
      String delivery = jobs.get("delivery");
      await(
          "both jobs running", () -> flink.fullyRunning(detection) && flink.fullyRunning(delivery));
      report("cluster up and both jobs running after %d s", secondsSince(started));

      ExecutorService chaos = Executors.newSingleThreadExecutor();
      Streamer streamer = new Streamer(stack, events);
      CompletableFuture<Void> failures =
          CompletableFuture.runAsync(
              () -> {
                streamer.awaitSent(0.2);
                long checkpoint = flink.latestCheckpointId(detection);
                long restarts = flink.restarts(detection);
                long failedAt = System.nanoTime();
                flink.killTaskManager(1);
                recovered(
                    "TaskManager 1 killed (-9)",
                    failedAt,
                    flink,
                    detection,
                    delivery,
                    checkpoint,
                    restarts);
                flink.startTaskManager(1); // the replacement a pod restart would bring

                streamer.awaitSent(0.45);
                checkpoint = flink.latestCheckpointId(detection);
                failedAt = System.nanoTime();
                flink.killJobManager();
                flink.startJobManager();
                recovered(
                    "JobManager killed (-9) and restarted",
                    failedAt,
                    flink,
                    detection,
                    delivery,
                    checkpoint,
                    -1);

                streamer.awaitSent(0.7);
                checkpoint = flink.latestCheckpointId(detection);
                failedAt = System.nanoTime();
                stack.stopKafka();
                LockSupport.parkNanos(KAFKA_OUTAGE.toNanos()); // the outage itself
                stack.startStopped();
                report("Kafka broker down for %d s (stop, 30 s, start)", secondsSince(failedAt));
                recovered(
                    "Kafka stopped for 30 s", failedAt, flink, detection, delivery, checkpoint, -1);
              },
              chaos);
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
      AvroValueCodec<Alert> codec = AvroValueCodec.forType(Alert.class);
      Map<ByteBuffer, Integer> copies = new HashMap<>();
      Set<String> incidents = new TreeSet<>();
      Set<String> alertIds = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> record :
          stack.readToEnd(Topic.CPE_ALERTS.topicName(), Duration.ofSeconds(60))) {
        copies.merge(ByteBuffer.wrap(record.value()), 1, Integer::sum);
        Alert alert = codec.decode(record.value());
        incidents.add(alert.getRuleId() + " " + alert.getSubjectKey());
        alertIds.add(alert.getAlertId());
      }
      report(
          "cpe.alerts: %d records, %d alert ids",
          copies.values().stream().mapToInt(i -> i).sum(), alertIds.size());
      assertThat(copies).allSatisfy((value, count) -> assertThat(count).isEqualTo(1));
      assertThat(incidents).containsExactlyInAnyOrderElementsOf(scenario.expected());
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
    private volatile int sent;
    private volatile long started;
    private volatile long finished;

    Streamer(StackResources stack, List<FleetScenario.Event> events) {
      this.stack = stack;
      this.events = events;
    }

    void run() {
      started = System.nanoTime();
      long perEvent = STREAM_FOR.toNanos() / events.size();
      for (int i = 0; i < events.size(); i++) {
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
        long due = started + (i + 1) * perEvent;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // pacing the simulated fleet, not waiting for a result
        }
      }
      stack.flush();
      finished = System.nanoTime();
    }

    /** Blocks until {@code share} of the events were handed to the producer. */
    void awaitSent(double share) {
      int target = (int) (events.size() * share);
      while (sent < target) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }
}
