package io.cpesentinel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.RecordDecodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the job ITCases share: the MiniCluster they run on and how they read alerts back. */
public final class FlinkTesting {
  private FlinkTesting() {}

  /** One TaskManager with two slots: jobs run at parallelism 2, as on the CI machine's cores. */
  public static MiniClusterExtension twoSlotCluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }

  /** Every alert in {@code topic}, decoded, each checked to be keyed by its alert id. */
  public static List<Alert> alerts(StackResources stack, String topic)
      throws RecordDecodingException {
    AvroValueCodec<Alert> codec = AvroValueCodec.forType(Alert.class);
    List<Alert> alerts = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : stack.readToEnd(topic, Duration.ofSeconds(60))) {
      Alert alert = codec.decode(record.value());
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(alert.getAlertId());
      alerts.add(alert);
    }
    return alerts;
  }
}
