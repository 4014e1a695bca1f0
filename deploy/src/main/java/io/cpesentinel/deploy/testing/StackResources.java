package io.cpesentinel.deploy.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cpesentinel.deploy.local.Elasticsearch;
import io.cpesentinel.deploy.local.LocalStack;
import io.cpesentinel.deploy.local.StackProvisioner;
import io.cpesentinel.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One test's view of the shared local stack: endpoints, clients, and topic and index names of its
 * own (created with the same configs and templates as the real ones, deleted when the test ends).
 */
public final class StackResources implements AutoCloseable {
  private final LocalStack stack;
  private final String prefix;
  private final Admin admin;
  private final ElasticsearchClient elasticsearch;
  private final StackProvisioner provisioner;
  private final Map<Topic, String> topics = new EnumMap<>(Topic.class);
  private final Map<String, String> indices = new HashMap<>();
  private KafkaProducer<byte[], byte[]> producer;

  StackResources(LocalStack stack, String testName) {
    this.stack = stack;
    this.prefix =
        testName.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT)
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xFFFFF));
    this.admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
    this.elasticsearch = Elasticsearch.client(stack.elasticsearchUrl());
    this.provisioner = new StackProvisioner(admin, elasticsearch);
    provisioner.installIndexTemplates();
  }

  public String kafkaBootstrap() {
    return stack.kafkaBootstrap();
  }

  public String elasticsearchUrl() {
    return stack.elasticsearchUrl();
  }

  /**
   * Stops the shared broker (its data is kept) for failure tests; {@link #startStopped()} brings it
   * back on the same port. Tests that stop it must bring it back before they end.
   */
  public void stopKafka() {
    stack.stopKafka();
  }

  /** Starts whichever shared server a test stopped, and waits until it is healthy. */
  public void startStopped() {
    stack.startStopped();
  }

  /** A Kafka admin client for this stack, closed after the test. */
  public Admin admin() {
    return admin;
  }

  /** An Elasticsearch client for this stack, closed after the test. */
  public ElasticsearchClient elasticsearch() {
    return elasticsearch;
  }

  /**
   * This test's own copy of {@code topic}, created with the contract's partitions and configs; the
   * same name on every call within the test.
   */
  public synchronized String topic(Topic topic) {
    return topics.computeIfAbsent(
        topic,
        t -> {
          String name = t.topicName() + "." + prefix;
          provisioner.createTopics(Map.of(t, name));
          return name;
        });
  }

  /** This test's own copy of every contract topic, by contract. */
  public Map<Topic, String> topics() {
    Map<Topic, String> all = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      all.put(topic, topic(topic));
    }
    return all;
  }

  /**
   * A name for this test's own index matching {@code pattern} (for example {@code cpe-alerts}, so
   * the shipped template applies), deleted after the test.
   */
  public synchronized String index(String pattern) {
    return indices.computeIfAbsent(pattern, p -> p + "-" + prefix);
  }

  /**
   * Reads {@code topic} from the beginning (read_committed) until {@code count} records arrived,
   * polling up to {@code deadline}; returns what arrived, which the caller asserts on.
   */
  public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration deadline) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        consumer(
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + prefix,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"))) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + deadline.toNanos();
      while (records.size() < count && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * Everything {@code topic} holds now: reads every partition from the beginning to the end offsets
   * it has when called (no consumer group, so nothing waits for a rebalance). Fails if that takes
   * longer than {@code deadline}.
   */
  public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, Duration deadline) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, deadline).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, deadline);
      long stop = System.nanoTime() + deadline.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > stop) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end offsets " + end + " within " + deadline);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * Sends a record with an explicit timestamp (event time, for the topics' contract) through this
   * test's producer (acks=all, idempotent); {@link #flush()} waits for all sends.
   */
  public Future<RecordMetadata> send(String topic, String key, long timestamp, byte[] value) {
    return producer()
        .send(
            new ProducerRecord<>(
                topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** Waits until every record sent so far is acknowledged. */
  public void flush() {
    producer().flush();
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafkaBootstrap(),
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  true,
                  ProducerConfig.LINGER_MS_CONFIG,
                  10),
              new ByteArraySerializer(),
              new ByteArraySerializer());
    }
    return producer;
  }

  /** A read_committed byte-array consumer without auto-commit, plus {@code settings}. */
  private KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> settings) {
    Map<String, Object> config = new HashMap<>(settings);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() throws Exception {
    try {
      if (!topics.isEmpty()) {
        admin.deleteTopics(List.copyOf(topics.values())).all().get();
      }
      List<String> names = new ArrayList<>(indices.values());
      if (!names.isEmpty()) {
        elasticsearch.indices().delete(d -> d.index(names).ignoreUnavailable(true));
      }
    } finally {
      if (producer != null) {
        producer.close();
      }
      admin.close();
      elasticsearch.close();
    }
  }
}
