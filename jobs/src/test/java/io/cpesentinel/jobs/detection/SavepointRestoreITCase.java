package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.jobs.RecentTime;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.SampleRecords;
import io.cpesentinel.schema.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unsolicited change seen before a stop-with-savepoint alerts after the job restarts from the
 * savepoint: the device's last values and the pending change survive, because every stateful
 * operator has a stable uid and its state a serializer that restores.
 */
@ExtendWith(LocalStackExtension.class)
class SavepointRestoreITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTesting.twoSlotCluster();

  private static final long T0 = RecentTime.hoursAgo(2);
  private static final long MINUTE = 60_000;
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String GROUP = "savepoint-itcase";

  @Test
  void changePendingAtTheSavepointAlertsAfterTheRestoreWithItsOldValue(
      StackResources stack, @TempDir Path checkpoints, @TempDir Path savepoints) throws Exception {
    Map<Topic, String> topics = stack.topics();
    String informTopic = topics.get(Topic.CPE_INFORM);
    send(stack, informTopic, T0, "192.0.2.53");
    send(stack, informTopic, T0 + 10 * MINUTE, "203.0.113.66");
    stack.flush();

    StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
    first.setParallelism(2);
    DetectionJob.build(first, settings(stack, topics, checkpoints), ConfigFiles.defaults());
    JobClient running = first.executeAsync("before-savepoint");
    awaitCommitted(stack, informTopic, Duration.ofSeconds(90));
    String savepoint =
        running
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
    assertThat(FlinkTesting.alerts(stack, topics.get(Topic.CPE_ALERTS)))
        .as("the change is still within its grace period at the savepoint")
        .isEmpty();

    send(stack, informTopic, T0 + 20 * MINUTE, "203.0.113.66");
    stack.flush();
    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment second = StreamExecutionEnvironment.getExecutionEnvironment(restore);
    second.setParallelism(2);
    // Unbounded like the job it restores: restored Kafka splits keep their unbounded end.
    DetectionJob.build(second, settings(stack, topics, checkpoints), ConfigFiles.defaults());
    JobClient restored = second.executeAsync("after-restore");
    // Quiet partitions go idle after watermark.idleness, then the watermark passes the grace.
    List<ConsumerRecord<byte[], byte[]>> records =
        stack.read(topics.get(Topic.CPE_ALERTS), 1, Duration.ofMinutes(4));
    restored.cancel().get();

    assertThat(records).as("an alert after the restore").hasSize(1);
    Alert alert = AvroValueCodec.forType(Alert.class).decode(records.get(0).value());
    assertThat(alert.getRuleId()).isEqualTo("critical-parameter-change");
    assertThat(alert.getEvidence().getChanges().get(0).getOldValue())
        .as("known only from the state before the savepoint")
        .isEqualTo("192.0.2.53");
  }

  private static JobSettings settings(
      StackResources stack, Map<Topic, String> topics, Path checkpoints) {
    return new JobSettings(
        stack.kafkaBootstrap(),
        GROUP,
        topics,
        Duration.ofSeconds(1),
        checkpoints.toUri().toString(),
        false);
  }

  /** Waits until the job committed offsets (on a checkpoint) up to the end of {@code topic}. */
  private static void awaitCommitted(StackResources stack, String topic, Duration deadline)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest =
        stack
            .admin()
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    Map<TopicPartition, Long> end =
        stack.admin().listOffsets(latest).all().get().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    long stop = System.nanoTime() + deadline.toNanos();
    while (!committedUpTo(stack, end)) {
      assertThat(System.nanoTime()).as("offsets committed within %s", deadline).isLessThan(stop);
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the poll interval
    }
  }

  private static boolean committedUpTo(StackResources stack, Map<TopicPartition, Long> end)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        stack.admin().listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    return end.entrySet().stream()
        .allMatch(
            e ->
                e.getValue() == 0
                    || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue()));
  }

  private static void send(StackResources stack, String topic, long at, String dns) {
    CwmpInform template = SampleRecords.bootInform();
    List<ParameterValue> params = new ArrayList<>(template.getParameters());
    params.add(SampleRecords.param(DNS, dns, "xsd:string"));
    CwmpInform inform =
        CwmpInform.newBuilder(template)
            .setEventId("sp-" + at)
            .setReceivedAt(Instant.ofEpochMilli(at))
            .setEvents(List.of(InformEvent.newBuilder().setCode("2 PERIODIC").build()))
            .setParameters(params)
            .build();
    stack.send(
        topic,
        DeviceKeys.of(inform.getDeviceId()),
        at,
        AvroValueCodec.forType(CwmpInform.class).encode(inform));
  }
}
