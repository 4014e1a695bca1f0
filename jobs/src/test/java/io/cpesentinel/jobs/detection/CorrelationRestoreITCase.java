package io.cpesentinel.jobs.detection;

import static io.cpesentinel.jobs.detection.CorrelationTraffic.MINUTE;
import static io.cpesentinel.jobs.detection.CorrelationTraffic.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.jobs.RecentTime;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A correlation that started before a stop-with-savepoint completes after the restore: Esper's own
 * state is not in the savepoint, the device's recent facts are, and the restored job rebuilds the
 * rules from them. An alert sent before the savepoint is not sent again by that rebuild.
 */
@ExtendWith(LocalStackExtension.class)
class CorrelationRestoreITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTesting.twoSlotCluster();

  private static final long T0 = RecentTime.hoursAgo(2);
  private static final String DNS = "Device.DNS.Client.Server.1.DNSServer";
  private static final String FIRMWARE = "Device.DeviceInfo.SoftwareVersion";

  @Test
  void aCorrelationStartedBeforeTheSavepointCompletesAfterTheRestore(
      StackResources stack, @TempDir Path checkpoints, @TempDir Path savepoints) throws Exception {
    Map<Topic, String> topics = stack.topics();
    CorrelationTraffic traffic = new CorrelationTraffic(stack, topics);
    // Before the savepoint: the DNS change (its finding at +3m) and a firmware downgrade.
    traffic
        .inform("DNSCHANGER", T0, List.of("2 PERIODIC"), DNS, "192.0.2.53")
        .inform("DNSCHANGER", T0 + 2 * MINUTE, List.of("4 VALUE CHANGE"), DNS, "203.0.113.53")
        .inform("DOWNGRADED", T0, List.of("2 PERIODIC"), FIRMWARE, "V2.0")
        .inform("DOWNGRADED", T0 + 3 * MINUTE, List.of("1 BOOT"), FIRMWARE, "V1.9")
        .tick(T0 + 4 * MINUTE)
        .send();

    JobClient first = start(stack, topics, checkpoints, null);
    List<Alert> before = traffic.awaitCorrelationAlerts(a -> !a.isEmpty(), Duration.ofSeconds(60));
    assertThat(before).map(Alert::getRuleId).containsExactly("firmware-downgrade");
    awaitFinding(traffic, Duration.ofSeconds(30));
    String savepoint =
        first
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get();

    // After the restore: the reboot that completes the correlation.
    traffic
        .inform("DNSCHANGER", T0 + 6 * MINUTE, List.of("1 BOOT"), DNS, "203.0.113.53")
        .tick(T0 + 20 * MINUTE)
        .send();
    JobClient second = start(stack, topics, checkpoints, savepoint);
    try {
      List<Alert> after =
          traffic.awaitCorrelationAlerts(a -> a.size() >= 2, Duration.ofSeconds(60));
      assertThat(after)
          .map(a -> CorrelationTraffic.describe(a, T0))
          .containsExactlyInAnyOrder(
              "firmware-downgrade " + key("DOWNGRADED") + " +PT3M",
              "dns-change-then-reboot " + key("DNSCHANGER") + " +PT6M");
      assertThat(traffic.awaitCorrelationAlerts(a -> a.size() > 2, Duration.ofSeconds(3)))
          .as("the rebuild after the restore sends nothing again")
          .hasSize(2);
    } finally {
      second.cancel().get();
    }
  }

  /** The DNS change's critical-parameter-change alert: the finding reached the rules. */
  private static void awaitFinding(CorrelationTraffic traffic, Duration deadline) throws Exception {
    long stop = System.nanoTime() + deadline.toNanos();
    while (traffic.allAlerts().stream()
        .noneMatch(a -> a.getRuleId().equals("critical-parameter-change"))) {
      assertThat(System.nanoTime()).as("the DNS finding within %s", deadline).isLessThan(stop);
      LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // poll interval
    }
  }

  private static JobClient start(
      StackResources stack, Map<Topic, String> topics, Path checkpoints, String savepoint)
      throws Exception {
    Configuration configuration = new Configuration();
    if (savepoint != null) {
      configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    env.setParallelism(2);
    DetectionJob.build(
        env,
        new JobSettings(
            stack.kafkaBootstrap(),
            "correlation-restore-itcase",
            topics,
            Duration.ofSeconds(1),
            checkpoints.toUri().toString(),
            false),
        ConfigFiles.defaults());
    return env.executeAsync(savepoint == null ? "before-savepoint" : "after-restore");
  }
}
