package io.cpesentinel.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  private static final String MINIMAL =
      """
      mode: receiver
      kafka:
        bootstrapServers: 127.0.0.1:9092
      secrets:
        digestKey: {env: CPE_INGEST_DIGEST_KEY}
      """;

  @Test
  void aMinimalConfigGetsTheDefaults() {
    IngestConfig config = loader.parse(MINIMAL, "test.yaml");

    assertThat(config.mode()).isEqualTo(IngestConfig.Mode.RECEIVER);
    assertThat(config.cwmp().listen().port()).isEqualTo(7547);
    assertThat(config.cwmp().limits().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(config.kafka().topicNames().inform()).isEqualTo("cpe.inform");
    assertThat(config.kafka().maxBlock()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.webhook().enabled()).isFalse();
    assertThat(config.secrets().digestKey().resolve("k", Map.of("CPE_INGEST_DIGEST_KEY", "v")::get))
        .isEqualTo("v");
  }

  @Test
  void theShippedExampleConfigReads() {
    IngestConfig config = loader.load(java.nio.file.Path.of("config/ingest.example.yaml"));

    assertThat(config.mode()).isEqualTo(IngestConfig.Mode.PROXY);
    assertThat(config.cwmp().listen().tls().clientAuth()).isEqualTo(IngestConfig.ClientAuth.NONE);
    assertThat(config.kafka().retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aFullProxyConfigReads() {
    IngestConfig config =
        loader.parse(
            """
            node: ingest-eu-1
            mode: PROXY
            cwmp:
              listen: {host: 127.0.0.1, port: 7548}
              limits: {maxBodyBytes: 2097152, idleTimeout: 15s, bodyReadTimeout: 500ms}
              sessionTimeout: 2m
              proxy: {upstream: "http://acs.internal:7547", responseTimeout: PT20S}
            kafka:
              bootstrapServers: kafka-1:9092,kafka-2:9092
              topics: {inform: t.inform}
              properties: {security.protocol: SSL}
            secrets:
              digestKey: {file: /run/secrets/digest}
              extraSecretSuffixes: [AdminPin]
            webhook:
              enabled: true
              listen: {port: 8089}
              token: {env: ACS_WEBHOOK_TOKEN}
            """,
            "proxy.yaml");

    assertThat(config.cwmp().proxy().upstream().getHost()).isEqualTo("acs.internal");
    assertThat(config.cwmp().proxy().responseTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.cwmp().limits().idleTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.cwmp().sessionTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.kafka().topicNames().acsEvents()).isEqualTo("acs.events");
    assertThat(config.kafka().topicNames().inform()).isEqualTo("t.inform");
    assertThat(config.webhook().listen().port()).isEqualTo(8089);
  }

  @Test
  void anUnknownKeyIsNamedWithItsPath() {
    assertThatThrownBy(
            () -> loader.parse(MINIMAL + "cwmp:\n  limits:\n    maxBody: 10\n", "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cwmp.limits.maxBody")
        .hasMessageContaining("unknown")
        .hasMessageContaining("maxBodyBytes");
  }

  @Test
  void anOutOfRangeValueIsNamedWithItsPathAndReason() {
    assertThatThrownBy(
            () -> loader.parse(MINIMAL + "cwmp:\n  limits:\n    maxBodyBytes: 12\n", "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cwmp.limits.maxBodyBytes")
        .hasMessageContaining("between 4096 and");
  }

  @Test
  void badTypesAndEnumsAreExplained() {
    assertThatThrownBy(() -> loader.parse(MINIMAL.replace("receiver", "relay"), "t.yaml"))
        .hasMessageContaining("mode")
        .hasMessageContaining("receiver");
    assertThatThrownBy(() -> loader.parse(MINIMAL + "cwmp:\n  sessionTimeout: soon\n", "t.yaml"))
        .hasMessageContaining("cwmp.sessionTimeout");
  }

  @Test
  void anEmptySecretSuffixIsRefused() {
    assertThatThrownBy(
            () -> loader.parse(MINIMAL + "  extraSecretSuffixes: [AdminPin, \"\"]\n", "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("secrets.extraSecretSuffixes")
        .hasMessageContaining("every parameter secret");
  }

  @Test
  void secretsCannotBeWrittenInline() {
    assertThatThrownBy(
            () ->
                loader.parse(
                    MINIMAL.replace("{env: CPE_INGEST_DIGEST_KEY}", "hunter2-the-key"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("secrets.digestKey")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void proxyModeNeedsAnUpstreamAndKafkaSafetySettingsAreNotOverridable() {
    assertThatThrownBy(() -> loader.parse(MINIMAL.replace("receiver", "proxy"), "t.yaml"))
        .hasMessageContaining("cwmp.proxy");
    assertThatThrownBy(
            () ->
                loader.parse(
                    MINIMAL.replace(
                        "bootstrapServers: 127.0.0.1:9092",
                        "bootstrapServers: 127.0.0.1:9092\n  properties: {acks: \"1\"}"),
                    "t.yaml"))
        .hasMessageContaining("kafka.properties.acks")
        .hasMessageContaining("cannot be overridden");
  }

  @Test
  void aMissingSecretSaysWhereItWasLookedFor() {
    IngestConfig config = loader.parse(MINIMAL, "t.yaml");

    assertThatThrownBy(
            () -> config.secrets().digestKey().resolve("secrets.digestKey", name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("secrets.digestKey: environment variable CPE_INGEST_DIGEST_KEY is not set");
  }
}
