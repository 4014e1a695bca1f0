package io.cpesentinel.ingest.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.cwmp.EventIds;
import io.cpesentinel.ingest.cwmp.InformRecords;
import io.cpesentinel.ingest.testing.InformCorpus;
import io.cpesentinel.ingest.testing.TestRecords;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.ParameterValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactionTest {
  private final SecretParameterPolicy policy = new SecretParameterPolicy(List.of("AdminPin"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "InternetGatewayDevice.User.1.Password",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestPassword",
        "InternetGatewayDevice.LANConfigSecurity.ConfigPassword",
        "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase",
        "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.PreSharedKey",
        "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.WEPKey.1.WEPKey",
        "Device.WiFi.AccessPoint.1.Security.SAEPassphrase",
        "Device.WiFi.AccessPoint.1.Security.RadiusSecret",
        "Device.WiFi.AccessPoint.1.WPS.PIN",
        "Device.ManagementServer.STUNPassword",
        "Device.X_0012AB_AdminPin"
      })
  void secretLeavesAreRecognised(String name) {
    assertThat(policy.isSecret(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Device.SSH.AuthorizedKey.1.Key",
        "Device.Users.User.1.Username",
        "Device.WiFi.AccessPoint.1.Security.ModeEnabled",
        "Device.ManagementServer.PasswordRequired.X",
        "Device.X_0012AB_PINCode",
        "Device.WiFi.AccessPoint.1.Security.KeyPhrase",
        "Device.DeviceInfo.Description",
        ""
      })
  void otherLeavesAreNot(String name) {
    assertThat(policy.isSecret(name)).isFalse();
  }

  @Test
  void anEmptySuffixIsRefused() {
    assertThatThrownBy(() -> new SecretParameterPolicy(List.of("AdminPin", "")))
        .hasMessageContaining("every parameter secret");
  }

  @Test
  void equalSecretsGiveEqualDigestsAndTheKeyMatters() {
    KeyedDigest digest = TestRecords.digest();
    KeyedDigest other = new KeyedDigest("another-key-0123456789".getBytes(StandardCharsets.UTF_8));

    assertThat(digest.digest("hunter2")).isEqualTo(digest.digest("hunter2"));
    assertThat(digest.digest("hunter2"))
        .startsWith(KeyedDigest.PREFIX)
        .hasSize(KeyedDigest.PREFIX.length() + 64)
        .isNotEqualTo(digest.digest("hunter3"))
        .isNotEqualTo(other.digest("hunter2"));
    assertThat(digest.toString()).doesNotContain(TestRecords.DIGEST_KEY);
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new KeyedDigest(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
  }

  @Test
  void informRecordsCarryDigestsNotSecrets() throws Exception {
    CwmpParser parser = new CwmpParser(XmlLimits.defaults());
    CwmpEnvelope envelope = parser.parse(InformCorpus.entry("tr098-4-value-change.xml").bytes());
    InformRecords records = new InformRecords(TestRecords.redactor(), new EventIds());
    IngestContext context =
        new IngestContext(
            "198.51.100.7", 5000, false, AuthOutcome.NOT_REQUIRED, IngestMode.RECEIVER, "n1");

    CwmpInform record =
        records.toRecord(envelope, (CwmpMessage.Inform) envelope.message(), context, Instant.EPOCH);

    assertThat(record.toString()).doesNotContain("hunter2");
    assertThat(record.getParameters())
        .filteredOn(p -> p.getName().equals("InternetGatewayDevice.User.1.Password"))
        .singleElement()
        .extracting(ParameterValue::getValue)
        .isEqualTo(TestRecords.digest().digest("hunter2"));
    assertThat(record.getParameters())
        .filteredOn(p -> p.getName().endsWith("WLANConfiguration.1.KeyPassphrase"))
        .singleElement()
        .extracting(ParameterValue::getValue)
        .as("an empty (hidden) value stays empty")
        .isEqualTo("");
  }
}
