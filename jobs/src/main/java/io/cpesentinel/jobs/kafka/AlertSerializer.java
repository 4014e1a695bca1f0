package io.cpesentinel.jobs.kafka;

import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes alerts to the alerts topic under their contract: key = alertId (so every consumer can be
 * idempotent and updates of one incident stay in order), value = single-object Avro, record
 * timestamp = the alert's last-seen event time.
 */
public final class AlertSerializer implements KafkaRecordSerializationSchema<Alert> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private transient AvroValueCodec<Alert> codec;

  public AlertSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Alert alert, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = AvroValueCodec.forType(Alert.class);
    }
    return new ProducerRecord<>(
        topic,
        null,
        alert.getLastSeen().toEpochMilli(),
        alert.getAlertId().getBytes(StandardCharsets.UTF_8),
        codec.encode(alert));
  }
}
