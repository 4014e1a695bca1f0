package io.cpesentinel.delivery.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.config.SecretRef;
import io.cpesentinel.delivery.DeliveryPipeline;
import io.cpesentinel.delivery.config.PagerDutyRoute;
import io.cpesentinel.delivery.config.PagerDutySettings;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.delivery.testing.DeliveryTestbed;
import io.cpesentinel.delivery.testing.FakePagerDuty;
import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.DeadLetter;
import io.cpesentinel.schema.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery job pages a PagerDuty that throttles (429) and fails (500) before accepting each
 * event, and refuses one event for good (400).
 */
@ExtendWith(LocalStackExtension.class)
class PagerDutyDeliveryITCase {
  private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcd";
  private static final String REFUSED = "alert-refused";

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void pagerDutyAnswering429And500GetsRetriesAndNoLossWhile400IsNotRetried(
      StackResources stack, @TempDir Path secrets) throws Exception {
    Path key = Files.writeString(secrets.resolve("pd-soc"), ROUTING_KEY);
    try (FakePagerDuty pagerDuty =
            new FakePagerDuty(Set.of(ROUTING_KEY), List.of(429, 500), Set.of(REFUSED));
        DeliveryTestbed bed =
            new DeliveryTestbed(
                stack.kafkaBootstrap(),
                stack.elasticsearchUrl(),
                stack.admin(),
                stack.elasticsearch(),
                "pagerduty")) {
      List<Alert> alerts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        alerts.add(Alerts.acsHijack("alert-" + i, "S" + i).build());
      }
      alerts.add(Alerts.acsHijack(REFUSED, "X").build());
      alerts.add(Alerts.acsHijack("alert-too-low", "L").setSeverity(Severity.LOW).build());
      for (int i = 0; i < 5; i++) {
        alerts.add(Alert.newBuilder(alerts.get(i)).setStatus(AlertStatus.RESOLVED).build());
      }
      bed.produce(alerts);
      PagerDutySettings settings =
          new PagerDutySettings(
              pagerDuty.url(),
              6000,
              List.of(new PagerDutyRoute("soc", SecretRef.fromFile(key), null, Severity.HIGH)),
              DeliveryTestbed.FAST_RETRY);

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      DeliveryPipeline.build(env, bed.config(true, settings, null));
      env.execute("pagerduty");

      List<FakePagerDuty.Request> requests = pagerDuty.requests();
      assertThat(pagerDuty.violations()).isEmpty();
      Map<String, List<Integer>> triggers =
          requests.stream()
              .filter(r -> r.action().equals("trigger"))
              .collect(
                  Collectors.groupingBy(
                      FakePagerDuty.Request::dedupKey,
                      Collectors.mapping(FakePagerDuty.Request::status, Collectors.toList())));
      for (int i = 0; i < 20; i++) {
        assertThat(triggers.get("alert-" + i))
            .as("answers to the trigger of alert-%d", i)
            .startsWith(429, 500, 202);
      }
      assertThat(triggers.get(REFUSED)).as("a 400 is not retried").containsExactly(400);
      assertThat(triggers).doesNotContainKey("alert-too-low");
      assertThat(
              requests.stream()
                  .filter(r -> r.action().equals("resolve") && r.status() == 202)
                  .map(FakePagerDuty.Request::dedupKey)
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrder("alert-0", "alert-1", "alert-2", "alert-3", "alert-4");
      FakePagerDuty.Request accepted =
          requests.stream()
              .filter(r -> r.status() == 202 && r.action().equals("trigger"))
              .findAny()
              .orElseThrow();
      assertThat(accepted.event().at("/payload/group").asText()).contains("productClass=HGW-5000");

      List<ConsumerRecord<byte[], byte[]>> letters = bed.deadLetters(1, Duration.ofSeconds(60));
      assertThat(letters).hasSize(1);
      assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(REFUSED);
      DeadLetter why = DeadLetter.fromHeaders(letters.get(0).headers()).orElseThrow();
      assertThat(why.reasonCode()).isEqualTo("PAGERDUTY_400");
      assertThat(why.reason()).contains("Event object is invalid");
    }
  }
}
