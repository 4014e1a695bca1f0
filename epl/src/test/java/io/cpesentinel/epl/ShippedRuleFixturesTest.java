package io.cpesentinel.epl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped rule module compiles, declares its metadata, has a fixture, and produces exactly
 * the fixture's alerts (and nothing for its benign look-alikes).
 */
class ShippedRuleFixturesTest {
  private static final Path RULES =
      Path.of(System.getProperty("cpe.rules.epl.dir", "../rules/epl"));

  @TestFactory
  Stream<DynamicTest> everyRuleFiresExactlyAsItsFixtureSays() throws IOException {
    List<RuleModule> modules = ShippedRules.fromFolder(RULES);
    assertThat(modules).hasSizeGreaterThanOrEqualTo(5);
    return modules.stream()
        .map(
            module ->
                DynamicTest.dynamicTest(
                    module.ruleId(),
                    () -> {
                      Path fixture = RULES.resolve(module.ruleId() + ".fixture.yaml");
                      assertThat(fixture)
                          .as("every rule module needs a fixture next to it")
                          .exists();
                      FixtureRun.Result result =
                          FixtureRun.run(
                              module, RuleFixture.read(fixture), "fixture-test-" + module.ruleId());
                      assertThat(result.mismatches()).isEmpty();
                      assertThat(result.outputs())
                          .isNotEmpty()
                          .allSatisfy(
                              o -> assertThat(o.rule().ruleId()).isEqualTo(module.ruleId()));
                    }));
  }

  @Test
  void everyFixtureHasItsRuleAndBenignLookAlikes() throws IOException {
    try (Stream<Path> files = Files.list(RULES)) {
      List<Path> fixtures =
          files.filter(f -> f.toString().endsWith(".fixture.yaml")).sorted().toList();
      assertThat(fixtures).hasSizeGreaterThanOrEqualTo(5);
      for (Path fixture : fixtures) {
        String rule = fixture.getFileName().toString().replace(".fixture.yaml", "");
        assertThat(RULES.resolve(rule + ".epl")).as(fixture + " has no rule module").exists();
        assertThat(RuleFixture.read(fixture).benign())
            .as(fixture + ": benign look-alikes")
            .isNotEmpty();
      }
    }
  }

  @Test
  void theShippedRulesAreOnTheClassPathOfTheRulesModule() throws IOException {
    assertThat(ShippedRules.fromClassPath())
        .extracting(RuleModule::ruleId)
        .containsExactlyElementsOf(
            ShippedRules.fromFolder(RULES).stream().map(RuleModule::ruleId).toList());
  }

  @Test
  void aFixtureThatDoesNotMatchFails() throws Exception {
    RuleModule module = ShippedRules.fromFile(RULES.resolve("firmware-downgrade.epl"));
    RuleFixture fixture = RuleFixture.read(RULES.resolve("firmware-downgrade.fixture.yaml"));
    RuleFixture wrong =
        new RuleFixture(
            fixture.start(),
            fixture.facts(),
            fixture.until(),
            List.of(new RuleFixture.Expected(java.time.Duration.ofMinutes(20), "D2", null)),
            List.of("D3"));
    FixtureRun.Result result = FixtureRun.run(module, wrong, "fixture-test-wrong");
    assertThat(result.passed()).isFalse();
    assertThat(result.mismatches())
        .anySatisfy(m -> assertThat(m).startsWith("expected but not produced: at +PT20M device D2"))
        .anySatisfy(
            m -> assertThat(m).startsWith("produced but not expected: at +PT20M device D1"));
  }
}
