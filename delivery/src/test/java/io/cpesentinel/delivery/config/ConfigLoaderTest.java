package io.cpesentinel.delivery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import io.cpesentinel.schema.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String MINIMAL =
      """
      kafka:
        bootstrapServers: 127.0.0.1:9092
      elasticsearch:
        url: http://127.0.0.1:9200
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Map.of("PD_SOC", "routing-key-1", "HOOK", SECRET)::get);
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void aMinimalFileGetsSafeDefaults() {
    DeliveryConfig config = loader.parse(MINIMAL);

    assertThat(config.kafka().alertsTopic()).isEqualTo("cpe.alerts");
    assertThat(config.kafka().deadLetterTopic()).isEqualTo("cpe.alerts.dlq");
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.elasticsearch().alertsIndexPrefix()).isEqualTo("cpe-alerts");
    assertThat(config.pagerduty()).isNull();
    assertThat(config.quarantine()).isNull();
  }

  @Test
  void aFullFileReadsWithFlinkDurationsAndSecretReferences(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("pd-noc"), "routing-key-2\n");
    DeliveryConfig config =
        loader.parse(
            MINIMAL
                + """
                checkpointInterval: 10 s
                pagerduty:
                  eventsPerMinutePerRoutingKey: 60
                  retry: {initialBackoff: 200 ms, maxBackoff: 1 min}
                  routes:
                    - name: soc
                      routingKey: {env: PD_SOC}
                      minSeverity: critical
                    - name: noc
                      routingKey: {file: %s}
                      rules: [mass-reboot]
                quarantine:
                  minSeverity: HIGH
                  maxPerMinute: 10
                  allowlist:
                    devices: [0012AB-HGW%%2D5000-LAB1]
                    cohorts: [{productClass: HGW-LAB}]
                  webhook: {url: https://acs.isp.example/hooks/quarantine, secret: {env: HOOK}}
                """
                    .formatted(key));

    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.pagerduty().routes().get(0).minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(config.pagerduty().routes().get(1).routingKey().resolve("routingKey"))
        .isEqualTo("routing-key-2");
    assertThat(config.pagerduty().retry().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.quarantine().isDryRun()).isTrue();
    assertThat(config.quarantine().allowlist().devices()).containsExactly("0012AB-HGW%2D5000-LAB1");
  }

  @Test
  void anUnknownKeyIsNamedWithItsPath() {
    assertThatThrownBy(() -> loader.parse(MINIMAL + "quarantine:\n  dryrun: false\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("quarantine.dryrun: unknown field")
        .hasMessageContaining("dryRun");
  }

  @Test
  void aBadValueIsNamedWithItsPathAndReason() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    MINIMAL
                        + "pagerduty:\n  routes:\n    - {name: soc, routingKey: {env: PD_SOC},"
                        + " minSeverity: urgent}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("pagerduty.routes[0].minSeverity: cannot use 'urgent'")
        .hasMessageContaining("critical");
    assertThatThrownBy(() -> loader.parse(MINIMAL + "checkpointInterval: soon\n"))
        .hasMessageStartingWith("checkpointInterval: cannot use 'soon'");
    assertThatThrownBy(
            () -> loader.parse(MINIMAL.replace("http://127.0.0.1:9200", "127.0.0.1:9200")))
        .hasMessage("elasticsearch.url: must start with http:// or https://");
    assertThatThrownBy(() -> loader.parse(MINIMAL + "quarantine: {maxPerMinute: 0}\n"))
        .hasMessage("quarantine.maxPerMinute: must be positive");
  }

  @Test
  void missingRequiredSectionsAreNamed() {
    assertThatThrownBy(() -> loader.parse("elasticsearch: {url: http://x:9200}\n"))
        .hasMessage("kafka: is required");
  }

  @Test
  void inlineSecretsAreRefusedAndMissingOnesNamedWithoutTheValue() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    MINIMAL
                        + "pagerduty:\n  routes:\n    - {name: soc, routingKey: abc123secret}\n"))
        .hasMessageStartingWith("pagerduty.routes[0].routingKey: secrets are not accepted inline")
        .hasMessageNotContaining("abc123secret");
    assertThatThrownBy(
            () ->
                loader.parse(
                    MINIMAL
                        + "pagerduty:\n  routes:\n    - {name: soc, routingKey: {env: NOPE}}\n"))
        .hasMessage("pagerduty.routes[0].routingKey: environment variable NOPE is not set");
  }

  @Test
  void turningDryRunOffWithoutAnythingToCallIsRefused() {
    assertThatThrownBy(() -> loader.parse(MINIMAL + "quarantine: {dryRun: false}\n"))
        .hasMessageStartingWith("quarantine.webhook|genieacs:");
  }

  @Test
  void secretReferencesNeverPrintTheSecret() {
    assertThat(SecretRef.fromEnv("PD_SOC").toString()).isEqualTo("secret from env PD_SOC");
  }

  @Test
  void theShippedExampleIsValid(@TempDir Path dir) throws Exception {
    Path example = Path.of("delivery.example.yaml");
    Path noc = Files.writeString(dir.resolve("pagerduty-noc"), "routing-key-noc");
    Path nbi = Files.writeString(dir.resolve("genieacs-nbi"), "nbi-password");
    Path copy =
        Files.writeString(
            dir.resolve("delivery.yaml"),
            Files.readString(example)
                .replace("/run/secrets/pagerduty-noc", noc.toString())
                .replace("/run/secrets/genieacs-nbi", nbi.toString()));
    ConfigLoader withEnv =
        new ConfigLoader(
            Map.of("CPE_PD_KEY_SOC", "routing-key-soc", "CPE_QUARANTINE_WEBHOOK_SECRET", SECRET)
                ::get);

    DeliveryConfig config = withEnv.load(copy);

    assertThat(config.quarantine().isDryRun()).isTrue();
    assertThat(config.pagerduty().routes()).hasSize(3);
  }
}
