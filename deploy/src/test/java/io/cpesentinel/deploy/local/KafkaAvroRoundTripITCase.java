package io.cpesentinel.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.AvroValueSerializer;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeadLetter;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.SampleRecords;
import io.cpesentinel.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class KafkaAvroRoundTripITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private final AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);

  @Test
  void informsProducedToTheRealBrokerAreReadBackIntactUnderTheirDeviceKey(StackResources stack)
      throws Exception {
    String topic = stack.topic(Topic.CPE_INFORM);
    List<CwmpInform> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add(informFrom("S" + i));
    }

    try (KafkaProducer<String, CwmpInform> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new AvroValueSerializer<>(codec))) {
      for (CwmpInform inform : sent) {
        producer.send(new ProducerRecord<>(topic, DeviceKeys.of(inform.getDeviceId()), inform));
      }
      producer.flush();
    }

    List<ConsumerRecord<byte[], byte[]>> received = readAll(stack, topic, sent.size());
    List<CwmpInform> decoded = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : received) {
      CwmpInform inform = codec.decode(record.value());
      assertThat(new String(record.key(), StandardCharsets.UTF_8))
          .isEqualTo(DeviceKeys.of(inform.getDeviceId()));
      decoded.add(inform);
    }
    assertThat(decoded).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void badValueGoesToTheDeadLetterTwinUnchangedWithItsReason(StackResources stack)
      throws Exception {
    String dlq = stack.topic(Topic.CPE_INFORM.deadLetter());
    byte[] bad = "<soap:Envelope>".getBytes(StandardCharsets.UTF_8);
    RecordDecodingException failure = decodeFailure(bad);
    DeadLetter letter =
        new DeadLetter(
            failure.reason().name(),
            failure.getMessage(),
            "test",
            "cpe.inform/0/42",
            Instant.now());

    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(dlq, null, "dev-1", bad, letter.toHeaders())).get();
    }

    ConsumerRecord<byte[], byte[]> record = readAll(stack, dlq, 1).get(0);
    assertThat(record.value()).isEqualTo(bad);
    assertThat(DeadLetter.fromHeaders(record.headers())).contains(letter);
    assertThat(letter.reasonCode()).isEqualTo("NOT_SINGLE_OBJECT_ENCODED");
  }

  @Test
  void topicsAreCreatedWithTheirContractSettings(StackResources stack) throws Exception {
    String inform = stack.topic(Topic.CPE_INFORM);
    String dlq = stack.topic(Topic.CPE_INFORM_DLQ);

    TopicDescription description =
        stack.admin().describeTopics(List.of(inform)).allTopicNames().get().get(inform);
    assertThat(description.partitions()).hasSize(Topic.CPE_INFORM.defaultPartitions());
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, dlq);
    var config = stack.admin().describeConfigs(List.of(resource)).all().get().get(resource);
    assertThat(config.get("retention.bytes").value())
        .isEqualTo(Topic.CPE_INFORM_DLQ.defaultConfig().get("retention.bytes"));
  }

  private RecordDecodingException decodeFailure(byte[] value) {
    try {
      codec.decode(value);
    } catch (RecordDecodingException e) {
      return e;
    }
    throw new AssertionError("expected the value to be rejected");
  }

  private static CwmpInform informFrom(String serial) {
    CwmpInform template = SampleRecords.bootInform();
    DeviceId id = DeviceId.newBuilder(template.getDeviceId()).setSerialNumber(serial).build();
    return CwmpInform.newBuilder(template)
        .setEventId(UUID.randomUUID().toString())
        .setDeviceId(id)
        .build();
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      StackResources stack, String topic, int count) {
    List<ConsumerRecord<byte[], byte[]>> records = stack.read(topic, count, DEADLINE);
    assertThat(records).as("records read back from %s within %s", topic, DEADLINE).hasSize(count);
    return records;
  }
}
