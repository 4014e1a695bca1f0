package io.cpesentinel.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.local.LocalStack;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.ingest.testing.Soap;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stops the real broker while CPEs keep sending, and starts it again: every Inform the ingest
 * answered with an InformResponse must be in Kafka afterwards, and while the broker is down the
 * ingest must push back with 503 + Retry-After instead of accepting. Runs on a stack of its own
 * (started through deploy/local/stack like every other), since it stops that stack's broker.
 */
class KafkaOutageITCase {
  private static final Duration PHASE_DEADLINE = Duration.ofSeconds(120);
  private static final int SENDERS = 8;
  private static LocalStack stack;

  @BeforeAll
  static void startOwnStack() {
    stack = LocalStack.startOnFreePorts("ingest-outage");
  }

  @AfterAll
  static void stopOwnStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void noAcceptedInformIsLostWhenTheBrokerStopsAndComesBack() throws Exception {
    createTopics();
    String config =
        """
        mode: receiver
        cwmp:
          listen: {host: 127.0.0.1, port: 0}
        """;
    String kafka =
        "  maxInFlight: 64\n  maxBlock: 200ms\n  requestTimeout: 2s\n  deliveryTimeout: 4s\n"
            + "  retryAfter: 1s\n";
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger pushedBack = new AtomicInteger();
    AtomicInteger otherAnswers = new AtomicInteger();
    AtomicBoolean sending = new AtomicBoolean(true);
    Progress progress = new Progress();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    HttpClient client = new HttpClient();
    client.start();
    try (RunningIngest ingest =
        RunningIngest.start(null, stack.kafkaBootstrap(), config, Map.of(), kafka)) {
      AtomicInteger serials = new AtomicInteger();
      List<Future<?>> running = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        running.add(
            senders.submit(
                () -> {
                  while (sending.get()) {
                    String serial = "OUT" + serials.incrementAndGet();
                    try {
                      ContentResponse answer =
                          client
                              .newRequest(ingest.cwmpUrl())
                              .method("POST")
                              .timeout(30, TimeUnit.SECONDS)
                              .body(
                                  new BytesRequestContent(
                                      Soap.inform(serial, serial, "2 PERIODIC")))
                              .send();
                      if (answer.getStatus() == 200) {
                        accepted.add(serial);
                      } else if (answer.getStatus() == 503
                          && "1".equals(answer.getHeaders().get(HttpHeader.RETRY_AFTER))) {
                        pushedBack.incrementAndGet();
                      } else {
                        otherAnswers.incrementAndGet();
                      }
                    } catch (Exception e) {
                      otherAnswers.incrementAndGet();
                    }
                    progress.changed();
                  }
                  return null;
                }));
      }

      progress.awaitUntil("100 Informs accepted before the outage", () -> accepted.size() >= 100);
      stopBroker();
      int acceptedBeforeOutage = accepted.size();
      progress.awaitUntil(
          "20 requests pushed back while the broker is down", () -> pushedBack.get() >= 20);
      int acceptedDuringOutage = accepted.size() - acceptedBeforeOutage;
      startBroker();
      int acceptedBeforeRecovery = accepted.size();
      progress.awaitUntil(
          "100 more Informs accepted after the broker came back",
          () -> accepted.size() >= acceptedBeforeRecovery + 100);
      sending.set(false);
      for (Future<?> sender : running) {
        sender.get(60, TimeUnit.SECONDS);
      }

      Set<String> stored = storedSerials(ingest.topic(Topic.CPE_INFORM), accepted.size());
      assertThat(stored).as("every accepted Inform is in Kafka").containsAll(accepted);
      assertThat(pushedBack.get()).isGreaterThanOrEqualTo(20);
      assertThat(acceptedDuringOutage)
          .as("in-flight records acknowledged as the broker stopped, at most")
          .isLessThanOrEqualTo(64);
      assertThat(otherAnswers.get()).as("answers other than 200 and 503+Retry-After").isZero();
    } finally {
      sending.set(false);
      senders.shutdownNow();
      client.stop();
    }
  }

  /** Wakes the test whenever a sender saw an answer; the test waits on conditions over them. */
  private static final class Progress {
    synchronized void changed() {
      notifyAll();
    }

    synchronized void awaitUntil(String what, BooleanSupplier condition)
        throws InterruptedException {
      long deadline = System.nanoTime() + PHASE_DEADLINE.toNanos();
      while (!condition.getAsBoolean()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("not reached within " + PHASE_DEADLINE + ": " + what);
        }
        wait(left);
      }
    }
  }

  /** SIGTERM to this stack's broker (its pid file), then wait until the process is gone. */
  private static void stopBroker() throws Exception {
    long pid = Long.parseLong(Files.readString(stack.folder().resolve("kafka/kafka.pid")).strip());
    ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
    broker.destroy();
    broker.onExit().get(60, TimeUnit.SECONDS);
  }

  /** {@code deploy/local/stack up} on this instance starts what is not running: the broker. */
  private static void startBroker() throws Exception {
    Path script =
        Path.of(System.getProperty("cpe.sentinel.root", "..")).resolve("deploy/local/stack");
    ProcessBuilder up =
        new ProcessBuilder(script.toString(), "up", "--no-provision").redirectErrorStream(true);
    up.environment().put("CPE_STACK_DIR", stack.folder().toString());
    Path log = Files.createTempFile("stack-up", ".log");
    Process process = up.redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("stack up finished").isTrue();
    assertThat(process.exitValue()).as("stack up: %s", Files.readString(log)).isZero();
    Files.delete(log);
  }

  private static void createTopics() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topic topic :
          List.of(Topic.CPE_INFORM, Topic.ACS_EVENTS, Topic.CPE_INFORM_DLQ, Topic.ACS_EVENTS_DLQ)) {
        topics.add(
            new NewTopic(topic.topicName(), topic.defaultPartitions(), (short) 1)
                .configs(topic.defaultConfig()));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  private static Set<String> storedSerials(String topic, int atLeast) throws Exception {
    AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
    Set<String> serials = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + PHASE_DEADLINE.toNanos();
      while (serials.size() < atLeast && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          serials.add(codec.decode(record.value()).getDeviceId().getSerialNumber());
        }
      }
    }
    return serials;
  }
}
