package io.cpesentinel.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.sim.demo.DemoRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioSpecTest {
  @Test
  void parsesNameTimeAndScale() {
    assertThat(ScenarioSpec.parse("ghostdns@90:1.5"))
        .isEqualTo(new ScenarioSpec(Scenario.GHOSTDNS, 90, 1.5));
    assertThat(ScenarioSpec.parse("mirai-mass-reboot@120"))
        .isEqualTo(new ScenarioSpec(Scenario.MIRAI_MASS_REBOOT, 120, 1.0));
  }

  @Test
  void refusesBadSpecsNamingWhatIsWrong() {
    assertThatThrownBy(() -> ScenarioSpec.parse("ghostdns"))
        .hasMessageContaining("expected NAME@SECONDS[:SCALE]");
    assertThatThrownBy(() -> ScenarioSpec.parse("dns-hijack@10"))
        .hasMessageContaining("unknown scenario 'dns-hijack'")
        .hasMessageContaining("ghostdns");
    assertThatThrownBy(() -> ScenarioSpec.parse("ghostdns@10:0"))
        .hasMessageContaining("scale must be in (0, 100]");
  }

  @Test
  void theDefaultPlanHasEveryScenarioOnce() {
    List<ScenarioSpec> plan = ScenarioSpec.everyScenario(240);
    assertThat(plan)
        .extracting(ScenarioSpec::scenario)
        .containsExactlyInAnyOrder(Scenario.values());
    assertThat(plan).allSatisfy(spec -> assertThat(spec.atSecond()).isBetween(40, 240));
    assertThatThrownBy(() -> ScenarioSpec.everyScenario(120)).hasMessageContaining("180 s");
  }

  @Test
  void sevenAttacksAndFourLookAlikes() {
    assertThat(List.of(Scenario.values()))
        .filteredOn(s -> s.kind() == Scenario.Kind.ATTACK)
        .hasSize(7);
    assertThat(List.of(Scenario.values()))
        .filteredOn(s -> s.kind() == Scenario.Kind.BENIGN)
        .hasSize(4);
  }

  /** The demo's compressed config goes through the job's own strict loader. */
  @Test
  void demoDetectionConfigIsValid(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("detection.yaml");
    try (InputStream in =
        DemoRun.class.getClassLoader().getResourceAsStream(DemoRun.DEMO_DETECTION)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    var detection = ConfigFiles.load(file, null);
    assertThat(detection.config().version()).isEqualTo("demo-1");
    assertThat(detection.config().addressPlan().regionOf("100.81.2.3")).isEqualTo("south");
  }
}
