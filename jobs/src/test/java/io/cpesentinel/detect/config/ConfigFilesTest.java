package io.cpesentinel.detect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
  @TempDir Path dir;

  @Test
  void shippedRulesLoadAndReferenceOnlyDefinedAllowlists() {
    ConfigFiles.Detection detection = ConfigFiles.defaults();

    assertThat(detection.catalog().parameters()).hasSizeGreaterThan(30);
    assertThat(detection.config().allowlist("dnsResolvers")).contains("192.0.2.53");
  }

  @Test
  void unknownKeyIsRejectedWithItsPath() throws IOException {
    Path file =
        withDefaultDetection(
            "rebootLoop:\n  boots: 5\n  within: 1h\n",
            "rebootLoop:\n  boots: 5\n  within: 1h\n  withn: 2h\n");

    assertThatThrownBy(() -> ConfigFiles.load(file, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rebootLoop.withn: unknown field");
  }

  @Test
  void outOfRangeValueIsRejectedNamingTheKeyAndTheReason() throws IOException {
    Path file = withDefaultDetection("minActiveDevices: 50", "minActiveDevices: 0");

    assertThatThrownBy(() -> ConfigFiles.load(file, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cohort.minActiveDevices: must be >= 1 (was 0)");
  }

  @Test
  void unknownCohortDimensionIsRejected() throws IOException {
    Path file =
        withDefaultDetection(
            "dimensions: [productClass, softwareVersion]", "dimensions: [productClass, colour]");

    assertThatThrownBy(() -> ConfigFiles.load(file, null))
        .hasMessageContaining("cohort.dimensions: unknown dimension 'colour'");
  }

  @Test
  void regionDimensionWithoutAnAddressPlanIsRejected() throws IOException {
    Path file =
        withDefaultDetection(
            "dimensions: [productClass, softwareVersion]",
            "dimensions: [productClass, softwareVersion, region]");

    assertThatThrownBy(() -> ConfigFiles.load(file, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'region' needs the ISP's address plan under regions:");
  }

  @Test
  void badPrefixInTheAddressPlanIsRejectedNamingTheRegion() throws IOException {
    Path file = withDefaultDetection("regions: {}", "regions:\n  north: [198.51.100.7/24]");

    assertThatThrownBy(() -> ConfigFiles.load(file, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("regions.north: '198.51.100.7/24' has host bits set");
  }

  @Test
  void catalogueNamingAMissingAllowlistIsRejected() throws IOException {
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(
        catalog,
        "parameters:\n  - name: acs.url\n    category: management\n    severity: CRITICAL\n"
            + "    allowlist: nope\n    paths: [Device.ManagementServer.URL]\n");

    assertThatThrownBy(() -> ConfigFiles.load(null, catalog))
        .hasMessageContaining(
            "allowlists.nope: referenced by the parameter catalogue but not defined");
  }

  @Test
  void postureRuleOnAnUnknownParameterIsRejected() throws IOException {
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(
        catalog,
        "parameters:\n  - name: acs.url\n    category: management\n    severity: CRITICAL\n"
            + "    paths: [Device.ManagementServer.URL]\n"
            + "posture:\n  - id: p\n    title: t\n    severity: LOW\n    when: {telnet: 'true'}\n");

    assertThatThrownBy(() -> ConfigFiles.load(null, catalog))
        .hasMessageContaining("posture.p.when: unknown parameter 'telnet'");
  }

  private Path withDefaultDetection(String find, String replace) throws IOException {
    String text;
    try (var in = getClass().getClassLoader().getResourceAsStream(ConfigFiles.DEFAULT_DETECTION)) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(text).contains(find);
    Path file = dir.resolve("detection.yaml");
    Files.writeString(file, text.replace(find, replace));
    return file;
  }
}
