package io.cpesentinel.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeadLetter;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.SampleRecords;
import io.cpesentinel.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Flink job on a MiniCluster reads a real topic with bad values among good ones. */
@ExtendWith(LocalStackExtension.class)
class DeadLetterRoutingITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTesting.twoSlotCluster();

  private final AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);

  @Test
  void badValuesReachTheDeadLetterTopicAndTheJobDecodesEverythingElse(StackResources stack)
      throws Exception {
    String topic = stack.topic(Topic.CPE_INFORM);
    String dlq = stack.topic(Topic.CPE_INFORM_DLQ);
    List<CwmpInform> good = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      good.add(inform("S" + i));
    }
    byte[] encoded = codec.encode(good.get(0));
    Map<String, byte[]> bad = new HashMap<>();
    bad.put("NOT_SINGLE_OBJECT_ENCODED", "<soap-env:Envelope>".getBytes(StandardCharsets.UTF_8));
    bad.put("TRUNCATED", Arrays.copyOf(encoded, encoded.length - 5));
    byte[] foreign = encoded.clone();
    foreign[5] ^= 0x11;
    bad.put("UNKNOWN_SCHEMA", foreign);

    int i = 0;
    for (CwmpInform inform : good) {
      stack.send(
          topic,
          DeviceKeys.of(inform.getDeviceId()),
          System.currentTimeMillis(),
          codec.encode(inform));
      if (++i % 50 == 0 && !bad.isEmpty()) {
        String reason = bad.keySet().iterator().next();
        stack.send(topic, "bad-" + reason, System.currentTimeMillis(), bad.remove(reason));
      }
    }
    stack.flush();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    KafkaSource<RawRecord> source =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(stack.kafkaBootstrap())
            .setTopics(topic)
            .setGroupId("itcase-" + UUID.randomUUID())
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new RawRecordDeserializer())
            .build();
    SingleOutputStreamOperator<CwmpInform> decoded =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "cpe.inform")
            .uid("cpe-inform-source")
            .process(DecodeOrDeadLetter.avro(Topic.CPE_INFORM, CwmpInform.class, "itcase"))
            .uid("cpe-inform-decode");
    decoded
        .getSideOutput(DecodeOrDeadLetter.REJECTED)
        .sinkTo(
            KafkaSink.<RejectedRecord>builder()
                .setBootstrapServers(stack.kafkaBootstrap())
                .setRecordSerializer(new DeadLetterSerializer(dlq))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .uid("cpe-inform-dlq-sink");

    List<CwmpInform> read = new ArrayList<>();
    decoded.executeAndCollect().forEachRemaining(read::add);

    assertThat(read).containsExactlyInAnyOrderElementsOf(good);
    Map<String, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> dead = stack.read(dlq, 3, Duration.ofSeconds(60));
    assertThat(dead).as("dead letters in %s", dlq).hasSize(3);
    for (ConsumerRecord<byte[], byte[]> letter : dead) {
      letters.put(DeadLetter.fromHeaders(letter.headers()).orElseThrow().reasonCode(), letter);
    }
    assertThat(letters)
        .containsOnlyKeys("NOT_SINGLE_OBJECT_ENCODED", "TRUNCATED", "UNKNOWN_SCHEMA");
    ConsumerRecord<byte[], byte[]> truncated = letters.get("TRUNCATED");
    assertThat(truncated.value()).isEqualTo(Arrays.copyOf(encoded, encoded.length - 5));
    assertThat(new String(truncated.key(), StandardCharsets.UTF_8)).isEqualTo("bad-TRUNCATED");
    DeadLetter why = DeadLetter.fromHeaders(truncated.headers()).orElseThrow();
    assertThat(why.source()).startsWith(topic + "/");
    assertThat(why.reason()).contains("ends early");
  }

  private static CwmpInform inform(String serial) {
    CwmpInform template = SampleRecords.bootInform();
    DeviceId id = DeviceId.newBuilder(template.getDeviceId()).setSerialNumber(serial).build();
    return CwmpInform.newBuilder(template).setEventId(serial).setDeviceId(id).build();
  }
}
