package io.cpesentinel.ingest.kafka;

import io.cpesentinel.ingest.config.IngestConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer settings that make "nothing accepted is lost" hold: acks=all and idempotence (no
 * loss, no duplicates from retries), a bounded buffer and a short max.block.ms (Kafka trouble shows
 * up as a quick refusal the ingest turns into 503, never as an unbounded queue), and a delivery
 * timeout after which the peer is told to retry.
 */
public final class ProducerSettings {
  private ProducerSettings() {}

  public static Map<String, Object> of(IngestConfig.Kafka kafka, String node, int maxRecordBytes) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
    settings.putAll(kafka.properties());
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "cpe-ingest-" + node);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, kafka.bufferMemoryBytes());
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
    settings.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafka.deliveryTimeout().toMillis());
    settings.put(ProducerConfig.LINGER_MS_CONFIG, kafka.lingerMs());
    settings.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes + (1 << 20));
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return settings;
  }
}
