package io.cpesentinel.delivery.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpesentinel.config.SecretRef;
import io.cpesentinel.delivery.DeliveryPipeline;
import io.cpesentinel.delivery.config.GenieAcsSettings;
import io.cpesentinel.delivery.config.PagerDutyRoute;
import io.cpesentinel.delivery.config.PagerDutySettings;
import io.cpesentinel.delivery.config.QuarantineSettings;
import io.cpesentinel.delivery.config.WebhookSettings;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.delivery.testing.DeliveryTestbed;
import io.cpesentinel.delivery.testing.FakeAcs;
import io.cpesentinel.delivery.testing.FakePagerDuty;
import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A false-positive storm: 1,000 quarantine-eligible critical alerts about 1,000 devices within a
 * minute, with quarantine enforcing. At most the cap reaches the ACS (signed webhook and GenieACS
 * NBI), a human is paged once, and every decision is audited.
 */
@ExtendWith(LocalStackExtension.class)
class QuarantineStormITCase {
  private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcd";
  private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final int CAP = 10;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void aStormOfAThousandEligibleAlertsTriggersAtMostTheCapAndPagesAHuman(
      StackResources stack, @TempDir Path secrets) throws Exception {
    Path pdKey = Files.writeString(secrets.resolve("pd"), ROUTING_KEY);
    Path hookSecret = Files.writeString(secrets.resolve("hook"), WEBHOOK_SECRET);
    try (FakeAcs acs = new FakeAcs(WEBHOOK_SECRET);
        FakePagerDuty pagerDuty = new FakePagerDuty(Set.of(ROUTING_KEY), List.of(), Set.of());
        DeliveryTestbed bed =
            new DeliveryTestbed(
                stack.kafkaBootstrap(),
                stack.elasticsearchUrl(),
                stack.admin(),
                stack.elasticsearch(),
                "storm")) {
      List<Alert> storm = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        storm.add(
            Alerts.acsHijack("storm-" + i, "S" + i)
                .setLastSeen(Alerts.T0.plusMillis(i * 50L))
                .build());
      }
      bed.produce(storm);
      QuarantineSettings quarantine =
          new QuarantineSettings(
              false,
              Severity.HIGH,
              CAP,
              1000,
              1.0,
              "cpe-sentinel-quarantine",
              null,
              new WebhookSettings(acs.webhookUrl(), SecretRef.fromFile(hookSecret)),
              new GenieAcsSettings(acs.nbiUrl(), null, null),
              DeliveryTestbed.FAST_RETRY);
      PagerDutySettings paging =
          new PagerDutySettings(
              pagerDuty.url(),
              6000,
              List.of(
                  new PagerDutyRoute(
                      "quarantine",
                      SecretRef.fromFile(pdKey),
                      List.of(BreakerPage.RULE_ID),
                      Severity.HIGH)),
              DeliveryTestbed.FAST_RETRY);

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      DeliveryPipeline.build(env, bed.config(true, paging, quarantine));
      env.execute("storm");

      assertThat(acs.violations()).isEmpty();
      Set<String> tagged =
          acs.tagCalls().stream()
              .filter(c -> c.method().equals("POST"))
              .map(FakeAcs.TagCall::deviceKey)
              .collect(Collectors.toSet());
      assertThat(tagged).hasSize(CAP);
      assertThat(acs.tagCalls())
          .allSatisfy(c -> assertThat(c.tag()).isEqualTo("cpe-sentinel-quarantine"));
      assertThat(acs.webhooks().stream().map(FakeAcs.Webhook::id).collect(Collectors.toSet()))
          .hasSize(CAP);

      assertThat(pagerDuty.violations()).isEmpty();
      assertThat(pagerDuty.requests())
          .filteredOn(r -> r.status() == 202)
          .singleElement()
          .satisfies(
              page -> {
                assertThat(page.action()).isEqualTo("trigger");
                assertThat(page.event().at("/payload/class").asText())
                    .isEqualTo(BreakerPage.RULE_ID);
                assertThat(page.event().at("/payload/severity").asText()).isEqualTo("critical");
              });

      List<Hit<JsonNode>> audit = bed.documents(bed.auditIndexPrefix());
      Map<String, Long> byKindAndOutcome =
          audit.stream()
              .collect(
                  Collectors.groupingBy(
                      h ->
                          h.source().at("/quarantine/kind").asText()
                              + "/"
                              + h.source().at("/quarantine/outcome").asText(),
                      Collectors.counting()));
      assertThat(byKindAndOutcome)
          .containsEntry("quarantine/executed", (long) CAP)
          .containsEntry("breaker_tripped/recorded", 1L)
          .containsEntry("withheld/recorded", 1000L - CAP - 1);
      assertThat(audit).hasSize(1000);
      assertThat(bed.documents(bed.alertsIndexPrefix()))
          .as("the storm and the breaker page are in the SOC's index")
          .hasSize(1001);
    }
  }
}
