package io.cpesentinel.delivery.common;

import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts a destination will never accept (an Elasticsearch mapping error, a PagerDuty 400) to
 * the alert dead-letter topic, keyed by alertId, with the reason in {@link DeadLetter} headers, so
 * nothing is dropped silently and the job keeps running. {@link #flush()} runs on every checkpoint:
 * a checkpoint completes only when its dead letters are in Kafka.
 *
 * <p>The value is the alert encoded again with the current schema; it is byte-identical to what was
 * read unless the alert was written with an older schema version.
 */
public final class AlertDeadLetters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDeadLetters.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final String stage;
  private final Clock clock;
  private final AvroValueCodec<Alert> codec = AvroValueCodec.forType(Alert.class);
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * @param bootstrapServers Kafka
   * @param topic the dead-letter topic
   * @param stage who rejected, e.g. {@code delivery.elasticsearch}
   * @param clock stamps {@code dlq.rejected.at}
   */
  public AlertDeadLetters(String bootstrapServers, String topic, String stage, Clock clock) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.CLIENT_ID_CONFIG,
                "cpe-sentinel-" + stage),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.topic = topic;
    this.stage = stage;
    this.clock = clock;
  }

  /**
   * @param reasonCode e.g. {@code ES_MAPPING} or {@code PAGERDUTY_400}
   * @param reason what the destination said
   * @param source where it was refused, e.g. {@code elasticsearch/<index>/<id>}
   */
  public void send(Alert alert, String reasonCode, String reason, String source) {
    LOG.error(
        "alert {} (rule {}) refused for good by {}, sent to {}: {} {}",
        alert.getAlertId(),
        alert.getRuleId(),
        stage,
        topic,
        reasonCode,
        reason);
    DeadLetter letter = new DeadLetter(reasonCode, reason, stage, source, clock.instant());
    producer.send(
        new ProducerRecord<>(
            topic,
            null,
            alert.getAlertId().getBytes(StandardCharsets.UTF_8),
            codec.encode(alert),
            letter.toHeaders()),
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Waits until every dead letter sent so far is acknowledged; fails if one was not. */
  public void flush() throws IOException {
    producer.flush();
    Exception e = failure.getAndSet(null);
    if (e != null) {
      throw new IOException("cannot write dead letters to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
