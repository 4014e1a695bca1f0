package io.cpesentinel.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.jobs.FlinkTesting;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays an hour of a 2,000-device fleet with injected incidents and benign look-alikes ({@link
 * FleetScenario}) through the real broker and the detection job, and checks that exactly the
 * expected incidents come out: nothing missed, nothing for the look-alikes.
 */
@ExtendWith(LocalStackExtension.class)
class FleetReplayITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTesting.twoSlotCluster();

  @Test
  void everyInjectedIncidentIsDetectedAndNoLookAlikeAlerts(
      StackResources stack, @TempDir Path checkpoints) throws Exception {
    FleetScenario scenario = new FleetScenario(500);
    Map<Topic, String> topics = stack.topics();
    AvroValueCodec<CwmpInform> informs = AvroValueCodec.forType(CwmpInform.class);
    AvroValueCodec<AcsEvent> acsEvents = AvroValueCodec.forType(AcsEvent.class);
    for (FleetScenario.Event event : scenario.events()) {
      byte[] value =
          event.inform()
              ? informs.encode((CwmpInform) event.value())
              : acsEvents.encode((AcsEvent) event.value());
      stack.send(
          topics.get(event.inform() ? Topic.CPE_INFORM : Topic.ACS_EVENTS),
          event.key(),
          event.at(),
          value);
    }
    stack.flush();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DetectionJob.build(
        env,
        new JobSettings(
            stack.kafkaBootstrap(),
            "replay",
            topics,
            Duration.ofSeconds(2),
            checkpoints.toUri().toString(),
            true),
        ConfigFiles.defaults());
    env.execute("fleet-replay");

    List<Alert> alerts = FlinkTesting.alerts(stack, topics.get(Topic.CPE_ALERTS));
    Set<String> incidents = new TreeSet<>();
    for (Alert alert : alerts) {
      incidents.add(alert.getRuleId() + " " + alert.getSubjectKey());
    }
    assertThat(incidents).containsExactlyInAnyOrderElementsOf(scenario.expected());
    assertThat(scenario.events()).hasSizeGreaterThan(12_000);
  }
}
