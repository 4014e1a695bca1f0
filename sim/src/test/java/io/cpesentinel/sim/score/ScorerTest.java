package io.cpesentinel.sim.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.sim.scenario.Expectation;
import io.cpesentinel.sim.scenario.GroundTruth;
import io.cpesentinel.sim.scenario.Injection;
import io.cpesentinel.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {
  private static final long T0 = 1_000_000;

  private final Injection ghost =
      new Injection(
          "ghostdns",
          Scenario.Kind.ATTACK,
          "",
          60,
          1.0,
          T0,
          List.of("dev-1", "dev-2"),
          List.of(),
          List.of(),
          List.of("dns.wan-server=203.0.113.99"),
          List.of(
              new Expectation("critical-parameter-change", "dev-1"),
              new Expectation("critical-parameter-change", "dev-2"),
              new Expectation("fleet-spread", "dns.wan-server=203.0.113.99")));
  private final Injection outage =
      new Injection(
          "power-outage",
          Scenario.Kind.BENIGN,
          "",
          90,
          1.0,
          T0 + 30_000,
          List.of("dev-3"),
          List.of("productClass=A|softwareVersion=1"),
          List.of(),
          List.of(),
          List.of());
  private final GroundTruth truth =
      new GroundTruth("r", T0, 10, 30, "test", "cpe-alerts-r-*", List.of(ghost, outage));

  @Test
  void everyExpectedAlertMeansDetectedWithTimes() {
    Scorer.Score score =
        Scorer.score(
            truth,
            List.of(
                alert("a1", "critical-parameter-change", "dev-1", T0 + 12_000),
                alert("a2", "critical-parameter-change", "dev-2", T0 + 15_000),
                alert("a3", "fleet-spread", "dns.wan-server=203.0.113.99", T0 + 20_000),
                // an alert about an attack's device that was not required is still a true one
                alert("a4", "posture.wan-web-ui", "dev-1#1", T0 + 21_000)));

    assertThat(score.passed()).isTrue();
    Scorer.Row row = score.rows().get(0);
    assertThat(row.found()).isEqualTo(3);
    assertThat(row.firstDetectMillis()).isEqualTo(12_000);
    assertThat(row.fullDetectMillis()).isEqualTo(20_000);
    assertThat(score.precision()).isEqualTo(1.0);
    assertThat(score.recall()).isEqualTo(1.0);
    assertThat(Scorer.table(score)).contains("ghostdns").contains("DETECTED").contains("quiet");
  }

  @Test
  void aMissingAlertIsPartialAndNamed() {
    Scorer.Score score =
        Scorer.score(truth, List.of(alert("a1", "critical-parameter-change", "dev-1", T0 + 1)));

    assertThat(score.passed()).isFalse();
    assertThat(score.recall()).isEqualTo(0.0);
    assertThat(Scorer.table(score))
        .contains("PARTIAL")
        .contains("missing (ghostdns): critical-parameter-change about dev-2")
        .contains("missing (ghostdns): fleet-spread about dns.wan-server=203.0.113.99");
  }

  @Test
  void alertsAboutLookAlikesOrNothingAreFalse() {
    Scorer.Score score =
        Scorer.score(
            truth,
            List.of(
                alert("a1", "mass-reboot", "productClass=A|softwareVersion=1", T0 + 40_000),
                alert("a2", "reboot-loop", "dev-99", T0 + 40_000)));

    assertThat(score.passed()).isFalse();
    assertThat(score.rows().get(1).falseAlerts())
        .extracting(AlertDoc::alertId)
        .containsExactly("a1");
    assertThat(score.unattributed()).extracting(AlertDoc::alertId).containsExactly("a2");
    assertThat(score.falseAlerts()).isEqualTo(2);
    assertThat(score.precision()).isEqualTo(0.0);
    assertThat(Scorer.table(score)).contains("ALERTED").contains("MISSED");
  }

  @Test
  void groundTruthSurvivesItsJsonFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ground-truth.json");
    truth.write(file);
    assertThat(GroundTruth.read(file)).isEqualTo(truth);
  }

  private static AlertDoc alert(String id, String rule, String subject, long searchableAt) {
    return new AlertDoc(id, rule, subject, null, "open", rule + " " + subject, searchableAt);
  }
}
