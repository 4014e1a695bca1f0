package io.cpesentinel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.sim.demo.DemoOptions;
import io.cpesentinel.sim.demo.DemoRun;
import io.cpesentinel.sim.demo.RunNames;
import io.cpesentinel.sim.scenario.Scenario;
import io.cpesentinel.sim.scenario.ScenarioSpec;
import io.cpesentinel.sim.score.Scorer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo at small scale, as CI runs it: 1,000 simulated devices speak CWMP over HTTP to the
 * ingest, the detection and delivery jobs run on a MiniCluster against the real broker and
 * Elasticsearch node, and every scenario is injected. Every attack must be alerted (every expected
 * rule about every subject) and nothing else: no alert about a benign look-alike or about anything
 * not injected, as the scorer reads them from Elasticsearch.
 */
@ExtendWith(LocalStackExtension.class)
class FleetSimulationITCase {
  @Test
  void everyAttackIsDetectedAndNoLookAlikeAlerts(StackResources stack) throws Exception {
    List<ScenarioSpec> plan =
        List.of(
            new ScenarioSpec(Scenario.WIFI_PASSWORD_CHANGE, 30, 1.0),
            new ScenarioSpec(Scenario.TELNET_WAN_UI, 30, 1.0),
            new ScenarioSpec(Scenario.ACS_URL_HIJACK, 32, 1.0),
            new ScenarioSpec(Scenario.ACS_DNS_CHANGE, 34, 1.0),
            new ScenarioSpec(Scenario.GHOSTDNS, 36, 1.0),
            new ScenarioSpec(Scenario.MIRAI_MASS_REBOOT, 38, 1.0),
            new ScenarioSpec(Scenario.CREDENTIAL_STUFFING, 60, 1.0),
            new ScenarioSpec(Scenario.WIFI_DOWNGRADE, 62, 1.0),
            new ScenarioSpec(Scenario.ROGUE_FIRMWARE, 64, 1.0),
            new ScenarioSpec(Scenario.FIRMWARE_ROLLOUT, 66, 1.0),
            new ScenarioSpec(Scenario.POWER_OUTAGE, 65, 1.0));
    DemoOptions options =
        new DemoOptions(
            1000,
            100,
            15,
            true,
            plan,
            stack.kafkaBootstrap(),
            stack.elasticsearchUrl(),
            11,
            Path.of("target", "sim-runs"),
            90);

    Scorer.Score score;
    try (DemoRun run = new DemoRun(options, RunNames.fresh("itcase"), System.out)) {
      score = run.run();
    }

    assertThat(score.rows()).hasSize(plan.size());
    assertThat(score.passed()).as(Scorer.table(score)).isTrue();
    assertThat(score.detected()).isEqualTo(7);
    assertThat(score.falseAlerts()).isZero();
  }
}
