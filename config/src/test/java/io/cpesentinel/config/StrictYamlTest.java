package io.cpesentinel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictYamlTest {
  enum Level {
    LOW,
    HIGH
  }

  record Limits(int max, Duration timeout) {
    Limits {
      ConfigException.require(max > 0, "max", "must be positive");
    }
  }

  record Route(String name, SecretRef key, Level level) {}

  record Settings(Limits limits, List<Route> routes) {}

  @Test
  void readsDurationsInEveryAcceptedSpelling() {
    for (String spelling : List.of("90s", "90 s", "90 sec", "1m30s", "PT1M30S", "pt1m30s")) {
      if (spelling.equals("1m30s")) {
        assertThatThrownBy(() -> Durations.parse(spelling))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'1m30s' is not a duration");
        continue;
      }
      assertThat(Durations.parse(spelling)).as(spelling).isEqualTo(Duration.ofSeconds(90));
    }
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2 min")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aValidationFailureInsideARecordIsNamedByItsFullPath() {
    assertThatThrownBy(
            () -> StrictYaml.parse("limits: {max: 0, timeout: 5s}\n", "app.yaml", Settings.class))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app.yaml: limits.max: must be positive")
        .satisfies(
            e -> {
              ConfigException config = (ConfigException) e;
              assertThat(config.key()).isEqualTo("limits.max");
              assertThat(config.reason()).isEqualTo("must be positive");
            });
  }

  @Test
  void anUnknownKeyListsTheKnownOnes() {
    assertThatThrownBy(
            () -> StrictYaml.parse("limits: {max: 1, timeuot: 5s}\n", "app.yaml", Settings.class))
        .hasMessageStartingWith("app.yaml: limits.timeuot: unknown field")
        .hasMessageContaining("max, timeout");
  }

  @Test
  void badValuesAreNamedByPathAndWhatWasExpected() {
    assertThatThrownBy(
            () -> StrictYaml.parse("limits: {max: 1, timeout: soon}\n", "a", Settings.class))
        .hasMessageStartingWith("a: limits.timeout: cannot use 'soon' as a duration");
    assertThatThrownBy(
            () ->
                StrictYaml.parse(
                    "routes: [{name: x, key: {env: K}, level: urgent}]\n", "a", Settings.class))
        .hasMessageStartingWith("a: routes[0].level: cannot use 'urgent' as one of low high");
  }

  @Test
  void duplicateKeysAndEmptyFilesAreRefused() {
    assertThatThrownBy(
            () ->
                StrictYaml.parse(
                    "limits: {max: 1, timeout: 5s}\nlimits: {max: 2, timeout: 5s}\n",
                    "a",
                    Settings.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits");
    assertThatThrownBy(() -> StrictYaml.parse("", "a", Settings.class))
        .hasMessage("a: the file is empty");
  }

  @Test
  void aSecretWrittenInlineIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                StrictYaml.parse(
                    "routes: [{name: x, key: hunter2, level: low}]\n", "a", Settings.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].key")
        .hasMessageContaining("not accepted inline")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void secretsAreReadFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "s3cret\n");
    assertThat(SecretRef.fromFile(file).resolve("k")).isEqualTo("s3cret");
    assertThat(SecretRef.fromEnv("K").resolve("k", name -> name.equals("K") ? "v" : null))
        .isEqualTo("v");
    assertThatThrownBy(() -> SecretRef.fromEnv("K").resolve("routes[0].key", name -> null))
        .hasMessage("routes[0].key: environment variable K is not set");
    assertThatThrownBy(() -> SecretRef.fromFile(dir.resolve("none")).resolve("k"))
        .hasMessageStartingWith("k: cannot read secret file");
    assertThat(SecretRef.fromEnv("K")).hasToString("secret from env K");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("app.yaml");
    assertThatThrownBy(() -> StrictYaml.read(missing, Settings.class))
        .hasMessage(missing + ": no such file");
  }
}
