package io.cpesentinel.jobs.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes (rule id, JSON status) to {@code cpe.rules.status}, keyed by rule id. */
public final class RuleStatusSerializer
    implements KafkaRecordSerializationSchema<Tuple2<String, String>> {
  private static final long serialVersionUID = 1L;

  private final String topic;

  public RuleStatusSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Tuple2<String, String> status, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic,
        status.f0.getBytes(StandardCharsets.UTF_8),
        status.f1.getBytes(StandardCharsets.UTF_8));
  }
}
