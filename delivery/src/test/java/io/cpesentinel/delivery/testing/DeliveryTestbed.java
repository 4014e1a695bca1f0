package io.cpesentinel.delivery.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpesentinel.delivery.config.DeliveryConfig;
import io.cpesentinel.delivery.config.ElasticsearchSettings;
import io.cpesentinel.delivery.config.KafkaSettings;
import io.cpesentinel.delivery.config.PagerDutySettings;
import io.cpesentinel.delivery.config.QuarantineSettings;
import io.cpesentinel.delivery.config.RetrySettings;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One delivery test's own topics (alerts, dead letters, operator commands) and index prefixes on a
 * real broker and Elasticsearch node, with the helpers the tests share: produce alerts, build the
 * job's configuration, wait for documents, read dead letters. Everything it made is deleted on
 * {@link #close()}.
 */
public final class DeliveryTestbed implements AutoCloseable {
  /** Fast retries, so a test spends its time on the failure it injects, not on backoff. */
  public static final RetrySettings FAST_RETRY =
      new RetrySettings(Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ZERO);

  private final String bootstrap;
  private final String elasticsearchUrl;
  private final Admin admin;
  private final ElasticsearchClient elasticsearch;
  private final String suffix;
  private final AvroValueCodec<Alert> codec = AvroValueCodec.forType(Alert.class);

  public DeliveryTestbed(
      String bootstrap,
      String elasticsearchUrl,
      Admin admin,
      ElasticsearchClient elasticsearch,
      String testName) {
    this.bootstrap = bootstrap;
    this.elasticsearchUrl = elasticsearchUrl;
    this.admin = admin;
    this.elasticsearch = elasticsearch;
    this.suffix =
        testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(alertsTopic(), 4, (short) 1)
                      .configs(Topic.CPE_ALERTS.defaultConfig()),
                  new NewTopic(deadLetterTopic(), 1, (short) 1),
                  new NewTopic(commandsTopic(), 1, (short) 1)))
          .all()
          .get();
      awaitLeaders(List.of(alertsTopic(), deadLetterTopic(), commandsTopic()));
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot create test topics", e);
    }
  }

  /**
   * Polls until every partition of the new topics has a leader: a producer that starts earlier gets
   * NOT_LEADER_OR_FOLLOWER and, being idempotent, can then be stuck on out-of-order sequence
   * errors.
   */
  private void awaitLeaders(List<String> topics) throws InterruptedException, ExecutionException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      boolean ready =
          admin.describeTopics(topics).allTopicNames().get().values().stream()
              .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null));
      if (ready) {
        return;
      }
      pause();
    }
    throw new IllegalStateException("topics " + topics + " have no leaders after 60 s");
  }

  public String alertsTopic() {
    return "cpe.alerts." + suffix;
  }

  public String deadLetterTopic() {
    return "cpe.alerts.dlq." + suffix;
  }

  public String commandsTopic() {
    return "cpe.quarantine.commands." + suffix;
  }

  public String alertsIndexPrefix() {
    return "cpe-alerts-" + suffix;
  }

  public String auditIndexPrefix() {
    return "cpe-quarantine-audit-" + suffix;
  }

  public String groupId() {
    return "delivery-" + suffix;
  }

  /** The job's configuration for this testbed, checkpointing every second. */
  public DeliveryConfig config(
      boolean bounded, PagerDutySettings pagerDuty, QuarantineSettings quarantine) {
    return new DeliveryConfig(
        new KafkaSettings(
            bootstrap, alertsTopic(), deadLetterTopic(), commandsTopic(), groupId(), bounded),
        Duration.ofSeconds(1),
        1,
        new ElasticsearchSettings(
            elasticsearchUrl, null, alertsIndexPrefix(), auditIndexPrefix(), 200, FAST_RETRY),
        pagerDuty,
        quarantine);
  }

  /** Sends the alerts keyed by alertId and waits until the broker has every one. */
  public void produce(List<Alert> alerts) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (Alert alert : alerts) {
      records.add(
          new ProducerRecord<>(
              alertsTopic(),
              alert.getAlertId().getBytes(StandardCharsets.UTF_8),
              codec.encode(alert)));
    }
    send(records);
  }

  public void produceRaw(String topic, String key, byte[] value) {
    send(List.of(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
  }

  private void send(List<ProducerRecord<byte[], byte[]>> records) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : records) {
        acks.add(producer.send(record));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker did not take a test record", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted producing test records", e);
    }
  }

  /**
   * One request in flight: the first batch to a topic created a moment ago can meet a broker that
   * is not its leader yet, and the idempotent producer's later batches, sent meanwhile, were then
   * refused as out of sequence until the delivery timeout (a flake of this test bed, seen in CI).
   */
  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            1),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Every document under {@code prefix-*}, after a refresh (up to 10,000). */
  public List<Hit<JsonNode>> documents(String prefix) throws IOException {
    String pattern = prefix + "-*";
    elasticsearch.indices().refresh(r -> r.index(pattern).allowNoIndices(true));
    SearchResponse<JsonNode> response =
        elasticsearch.search(
            s -> s.index(pattern).allowNoIndices(true).ignoreUnavailable(true).size(10_000),
            JsonNode.class);
    return response.hits().hits();
  }

  /**
   * Polls until {@code done} holds for the documents under {@code prefix-*} or the deadline passes;
   * returns the last documents seen, which the caller asserts on.
   */
  public List<Hit<JsonNode>> awaitDocuments(
      String prefix, Predicate<List<Hit<JsonNode>>> done, Duration deadline) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    List<Hit<JsonNode>> seen = List.of();
    while (System.nanoTime() < end) {
      try {
        seen = documents(prefix);
      } catch (IOException | RuntimeException e) {
        // the node may be restarting; keep polling until the deadline
      }
      if (done.test(seen)) {
        return seen;
      }
      pause();
    }
    return seen;
  }

  /**
   * The poll interval of {@link #awaitDocuments}: a paced poll, not a guess at how long to wait.
   */
  public static void pause() {
    CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
        .join();
  }

  /** Reads the dead-letter topic until {@code count} records arrived or the deadline passed. */
  public List<ConsumerRecord<byte[], byte[]>> deadLetters(int count, Duration deadline) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlq-reader-" + suffix,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(deadLetterTopic()));
      long end = System.nanoTime() + deadline.toNanos();
      while (records.size() < count && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  @Override
  public void close() throws IOException {
    try {
      admin.deleteTopics(List.of(alertsTopic(), deadLetterTopic(), commandsTopic())).all().get();
    } catch (ExecutionException e) {
      throw new IOException("cannot delete the test topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted deleting the test topics", e);
    }
    for (String prefix : List.of(alertsIndexPrefix(), auditIndexPrefix())) {
      Set<String> indices =
          elasticsearch
              .indices()
              .get(g -> g.index(prefix + "-*").allowNoIndices(true).ignoreUnavailable(true))
              .indices()
              .keySet();
      if (!indices.isEmpty()) {
        elasticsearch.indices().delete(d -> d.index(List.copyOf(indices)));
      }
    }
  }
}
