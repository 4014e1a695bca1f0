package io.cpesentinel.jobs.kafka;

import io.cpesentinel.schema.DeadLetter;
import java.time.Instant;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link RejectedRecord} to its dead-letter topic: original key and value unchanged,
 * reason in {@link DeadLetter} headers.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<RejectedRecord> {
  private static final long serialVersionUID = 1L;

  private final String topic;

  /**
   * @param topic the dead-letter topic: the contract's twin ({@code Topic.deadLetter()}) or its
   *     per-deployment name
   */
  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      RejectedRecord reject, KafkaSinkContext context, Long timestamp) {
    DeadLetter letter =
        new DeadLetter(
            reject.reasonCode,
            reject.reason,
            reject.stage,
            reject.source,
            Instant.ofEpochMilli(reject.rejectedAtMillis));
    return new ProducerRecord<>(
        topic, null, timestamp, reject.key, reject.value, letter.toHeaders());
  }
}
