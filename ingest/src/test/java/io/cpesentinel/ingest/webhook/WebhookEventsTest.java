package io.cpesentinel.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.testing.TestRecords;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookEventsTest {
  private static final Instant RECEIVED = Instant.parse("2026-05-01T10:00:05Z");
  private final WebhookEvents events = new WebhookEvents(TestRecords.acsEvents(), 3);

  private List<Outgoing.Event> read(String json) throws RejectedInputException {
    return events.read(json.getBytes(StandardCharsets.UTF_8), "10.0.0.1", RECEIVED);
  }

  private RejectedInputException refusal(String json) {
    RejectedInputException e = catchThrowableOfType(RejectedInputException.class, () -> read(json));
    assertThat(e).as("expected %s to be refused", json).isNotNull();
    assertThat(e.reason()).isEqualTo(RejectReason.JSON_INVALID);
    return e;
  }

  @Test
  void aSetParameterValuesEventWithSecretsAndADownload() throws Exception {
    List<Outgoing.Event> result =
        read(
            """
            {"events": [
              {"occurredAt": "2026-05-01T12:00:00+02:00", "kind": "SET_PARAMETER_VALUES",
               "deviceId": {"oui": "0012AB", "productClass": "HGW-5000", "serialNumber": "S1"},
               "sourceIp": "198.51.100.7", "acsInstance": "acs-eu-1", "commandKey": "dns-3",
               "parameters": [
                 {"name": "Device.DNS.Client.Server.1.DNSServer", "value": "192.0.2.53", "type": "xsd:string"},
                 {"name": "Device.Users.User.1.Password", "value": "s3cret"}]},
              {"occurredAt": "2026-05-01T10:00:01Z", "kind": "DOWNLOAD", "deviceKey": "0012AB-HGW%2D5000-S1",
               "download": {"fileType": "1 Firmware Upgrade Image", "url": "http://u:pw@files.example/fw.bin"}}
            ]}
            """);

    AcsEvent spv = result.get(0).record();
    assertThat(result.get(0).key()).isEqualTo("0012AB-HGW%2D5000-S1");
    assertThat(spv.getOrigin()).isEqualTo(AcsEventOrigin.ACS_WEBHOOK);
    assertThat(spv.getKind()).isEqualTo(AcsEventKind.SET_PARAMETER_VALUES);
    assertThat(spv.getOccurredAt()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    assertThat(spv.getReceivedAt()).isEqualTo(RECEIVED);
    assertThat(spv.getParameters().get(1).getValue())
        .isEqualTo(TestRecords.digest().digest("s3cret"));
    assertThat(spv.toString()).doesNotContain("s3cret");
    assertThat(result.get(1).record().getDownload().getUrl())
        .isEqualTo("http://files.example/fw.bin");
  }

  @Test
  void anEventWithoutDeviceIsKeyedByTheCpeAddress() throws Exception {
    Outgoing.Event event =
        read("""
                {"events": [{"occurredAt": "2026-05-01T10:00:00Z", "kind": "AUTH_FAILURE",
                  "sourceIp": "2001:db8::9", "auth": {"method": "DIGEST", "username": "x"}}]}
                """)
            .get(0);

    assertThat(event.key()).isEqualTo("ip:2001:db8::9");
    assertThat(event.record().getAuth().getUsername()).isEqualTo("x");
  }

  @Test
  void unknownFieldsAreRefusedWithTheirPath() {
    assertThat(
            refusal(
                    "{\"events\": [{\"occurredAt\": \"2026-05-01T10:00:00Z\", \"kind\": \"REBOOT\","
                        + " \"comandKey\": \"typo\"}]}")
                .getMessage())
        .contains("events[0].comandKey")
        .contains("unknown field")
        .contains("commandKey");
  }

  @Test
  void missingAndMalformedFieldsAreRefused() {
    assertThat(refusal("{\"events\": [{\"kind\": \"REBOOT\"}]}").getMessage())
        .contains("events[0].occurredAt")
        .contains("required");
    assertThat(
            refusal("{\"events\": [{\"occurredAt\": \"yesterday\", \"kind\": \"REBOOT\"}]}")
                .getMessage())
        .contains("events[0].occurredAt");
    assertThat(
            refusal(
                    "{\"events\": [{\"occurredAt\": \"2026-05-01T10:00:00Z\", \"kind\": \"HACK\"}]}")
                .getMessage())
        .contains("events[0].kind");
    assertThat(
            refusal(
                    "{\"events\": [{\"occurredAt\": \"2026-05-01T10:00:00Z\", \"kind\": \"OTHER\","
                        + " \"sourceIp\": \"acs.example.com\"}]}")
                .getMessage())
        .contains("sourceIp");
    refusal("{\"events\": []}");
    refusal("{\"events\": [], \"events\": []}");
    refusal(
        "{\"events\": [{\"occurredAt\": \"2026-05-01T10:00:00Z\", \"kind\": \"OTHER\"}]} trailing");
    refusal("not json");
  }

  @Test
  void tooManyEventsInOneBodyAreRefused() {
    String one = "{\"occurredAt\": \"2026-05-01T10:00:00Z\", \"kind\": \"OTHER\"}";
    assertThat(refusal("{\"events\": [" + String.join(",", one, one, one, one) + "]}").getMessage())
        .contains("at most 3");
  }
}
