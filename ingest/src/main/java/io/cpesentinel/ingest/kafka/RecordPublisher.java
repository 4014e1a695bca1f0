package io.cpesentinel.ingest.kafka;

import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The ingest's single way into Kafka. It admits a record only while fewer than {@code maxInFlight}
 * records await their acknowledgement, so memory stays bounded whatever the broker does; a caller
 * that is refused answers its peer 503 instead of queueing. The returned future completes when the
 * broker acknowledged every record (acks=all, idempotent producer), which is the moment the ingest
 * may tell a CPE or an ACS that the data is safe.
 */
public final class RecordPublisher implements AutoCloseable {
  private final Producer<byte[], byte[]> producer;
  private final TopicNames topics;
  private final IngestMetrics metrics;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final AvroValueCodec<CwmpInform> informCodec = AvroValueCodec.forType(CwmpInform.class);
  private final AvroValueCodec<AcsEvent> eventCodec = AvroValueCodec.forType(AcsEvent.class);

  public RecordPublisher(
      Producer<byte[], byte[]> producer,
      TopicNames topics,
      int maxInFlight,
      IngestMetrics metrics) {
    this.producer = producer;
    this.topics = topics;
    this.metrics = metrics;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    metrics.gauge(
        "cpe_ingest_kafka_in_flight",
        "Records sent to Kafka and not yet acknowledged",
        () -> maxInFlight - inFlight.availablePermits());
  }

  public TopicNames topics() {
    return topics;
  }

  /**
   * Sends the records and completes when all are acknowledged; fails with {@link
   * KafkaUnavailableException} at once when Kafka cannot take them, or later when one is not
   * acknowledged in time.
   */
  public CompletableFuture<Void> publish(List<Outgoing> records) throws KafkaUnavailableException {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!inFlight.tryAcquire(records.size())) {
      throw new KafkaUnavailableException(
          "in_flight_limit", maxInFlight + " records already await a Kafka acknowledgement", null);
    }
    CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
    for (int i = 0; i < records.size(); i++) {
      Outgoing record = records.get(i);
      if (record instanceof Outgoing.Inform inform) {
        acks[i] =
            send(
                "inform", topics.inform(), record.key(), informCodec.encode(inform.record()), null);
      } else if (record instanceof Outgoing.Event event) {
        acks[i] =
            send(
                "acs_events",
                topics.acsEvents(),
                record.key(),
                eventCodec.encode(event.record()),
                null);
      }
    }
    return CompletableFuture.allOf(acks);
  }

  /**
   * Sends a raw record outside the admission bound's blocking path: used for dead letters, which
   * are dropped (not queued) when Kafka cannot take them.
   */
  CompletableFuture<Void> trySendRaw(String topic, String key, byte[] value, Headers headers)
      throws KafkaUnavailableException {
    if (!inFlight.tryAcquire()) {
      throw new KafkaUnavailableException("in_flight_limit", "no room for a dead letter", null);
    }
    return send("dead_letters", topic, key, value, headers);
  }

  private CompletableFuture<Void> send(
      String role, String topic, String key, byte[] value, Headers headers) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    long started = System.nanoTime();
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    try {
      producer.send(
          new ProducerRecord<>(topic, null, keyBytes, value, headers),
          (metadata, error) -> {
            inFlight.release();
            if (error == null) {
              metrics.kafkaAck(role, System.nanoTime() - started);
              ack.complete(null);
            } else {
              ack.completeExceptionally(
                  new KafkaUnavailableException(
                      "ack_failed", "Kafka did not acknowledge a record: " + error, error));
            }
          });
    } catch (RuntimeException e) {
      // send() throws when the buffer stays full or metadata is missing for max.block.ms.
      inFlight.release();
      ack.completeExceptionally(
          new KafkaUnavailableException("send_failed", "Kafka refused a record: " + e, e));
    }
    return ack;
  }

  @Override
  public void close() {
    producer.close();
  }
}
