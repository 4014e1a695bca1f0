package io.cpesentinel.delivery.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagerDutyEventsTest {
  private final PagerDutyEvents events = new PagerDutyEvents();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aFiringAlertIsATriggerWithEveryPayloadFieldFilled() throws Exception {
    JsonNode event = json.readTree(events.body(Alerts.acsHijack("a-1", "S1").build(), "rk"));

    assertThat(event.get("routing_key").asText()).isEqualTo("rk");
    assertThat(event.get("event_action").asText()).isEqualTo("trigger");
    assertThat(event.get("dedup_key").asText()).isEqualTo("a-1");
    JsonNode payload = event.get("payload");
    assertThat(payload.get("summary").asText())
        .isEqualTo("[CRITICAL] ACS URL changed without an ACS task — 0012AB-HGW%2D5000-S1");
    assertThat(payload.get("source").asText()).isEqualTo("0012AB-HGW%2D5000-S1");
    assertThat(payload.get("severity").asText()).isEqualTo("critical");
    assertThat(payload.get("timestamp").asText()).isEqualTo("2026-05-01T10:00:40Z");
    assertThat(payload.get("component").asText()).isEqualTo("HGW-5000");
    assertThat(payload.get("group").asText())
        .isEqualTo("productClass=HGW-5000,region=north,softwareVersion=5.4.1");
    assertThat(payload.get("class").asText()).isEqualTo("acs-url-unsolicited-change");
    assertThat(payload.at("/custom_details/evidence/changes/0/new").asText())
        .isEqualTo("http://203.0.113.66:7547/");
  }

  @Test
  void aResolvedAlertResolvesTheSameDedupKey() throws Exception {
    Alert resolved = Alerts.acsHijack("a-1", "S1").setStatus(AlertStatus.RESOLVED).build();

    JsonNode event = json.readTree(events.body(resolved, "rk"));

    assertThat(event.get("event_action").asText()).isEqualTo("resolve");
    assertThat(event.get("dedup_key").asText()).isEqualTo("a-1");
  }

  @Test
  void severitiesMapOntoPagerDutysFour() {
    assertThat(PagerDutyEvents.severity(Severity.CRITICAL)).isEqualTo("critical");
    assertThat(PagerDutyEvents.severity(Severity.HIGH)).isEqualTo("error");
    assertThat(PagerDutyEvents.severity(Severity.MEDIUM)).isEqualTo("warning");
    assertThat(PagerDutyEvents.severity(Severity.LOW)).isEqualTo("info");
    assertThat(PagerDutyEvents.severity(Severity.INFO)).isEqualTo("info");
  }

  @Test
  void hugeEvidenceIsShortenedUnder512KbAndLongTitlesCutTo1024Chars() throws Exception {
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      devices.add("0012AB-HGW%2D5000-SERIAL" + i);
    }
    Alert huge =
        Alerts.acsHijack("a-1", "S1")
            .setTitle("x".repeat(5000))
            .setEvidence(Evidence.newBuilder().setDevices(devices).build())
            .build();

    byte[] body = events.body(huge, "rk");
    JsonNode event = json.readTree(body);

    assertThat(body.length).isLessThanOrEqualTo(PagerDutyEvents.MAX_EVENT_BYTES);
    assertThat(event.at("/payload/summary").asText()).hasSize(PagerDutyEvents.MAX_SUMMARY_CHARS);
    assertThat(event.at("/payload/custom_details/truncated").asText()).contains("512 KB");
    assertThat(event.at("/payload/custom_details/evidence/devices").size()).isEqualTo(20);
  }

  @Test
  void evidenceTooBigEvenWhenShortenedIsDroppedNeverRefused() throws Exception {
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      eventIds.add("e".repeat(200));
    }
    Alert huge =
        Alerts.acsHijack("a-1", "S1")
            .setDescription("d".repeat(600_000))
            .setEvidence(Evidence.newBuilder().setEventIds(eventIds).build())
            .build();

    byte[] body = events.body(huge, "rk");

    assertThat(body.length).isLessThanOrEqualTo(PagerDutyEvents.MAX_EVENT_BYTES);
    assertThat(json.readTree(body).at("/payload/custom_details/alert_id").asText())
        .isEqualTo("a-1");
  }
}
