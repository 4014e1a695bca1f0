package io.cpesentinel.delivery.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.delivery.testing.TemplateFields;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertDocumentMapperTest {
  private final AlertDocumentMapper mapper = new AlertDocumentMapper("cpe-alerts");
  private final TemplateFields template = TemplateFields.of("cpe-alerts");

  @Test
  void everyFieldTheMapperWritesIsMappedByTheShippedTemplate() {
    Alert resolvedDevice = Alerts.acsHijack("a-1", "S1").setStatus(AlertStatus.RESOLVED).build();
    Alert sourceIp = Alerts.sourceIp("a-2", "198.51.100.9").build();

    for (Alert alert : List.of(resolvedDevice, sourceIp)) {
      for (String path : TemplateFields.leafPaths(mapper.toDocument(alert).source())) {
        assertThat(template.typeOf(path)).as("template mapping of %s", path).isNotNull();
      }
    }
  }

  @Test
  void idIsTheAlertIdAndTheIndexTheMonthOfTheWindowStartSoUpdatesOverwrite() {
    Alert firing = Alerts.acsHijack("a-1", "S1").build();
    Alert resolved =
        Alert.newBuilder(firing)
            .setStatus(AlertStatus.RESOLVED)
            .setLastSeen(firing.getWindowStart().plusSeconds(86_400 * 40))
            .build();

    IndexedDocument first = mapper.toDocument(firing);
    IndexedDocument last = mapper.toDocument(resolved);

    assertThat(first.id()).isEqualTo("a-1");
    assertThat(first.index()).isEqualTo("cpe-alerts-2026.05");
    assertThat(last.index()).isEqualTo(first.index());
    assertThat(last.id()).isEqualTo(first.id());
  }

  @Test
  void ecsFieldsLifecycleAndCpeFieldsCarryTheAlert() {
    ObjectNode doc = mapper.toDocument(Alerts.acsHijack("a-1", "S1").build()).source();

    assertThat(doc.at("/event/kind").asText()).isEqualTo("alert");
    assertThat(doc.at("/event/severity").asInt()).isEqualTo(99);
    assertThat(doc.at("/@timestamp").asText()).isEqualTo("2026-05-01T10:00:12Z");
    assertThat(doc.at("/rule/id").asText()).isEqualTo("acs-url-unsolicited-change");
    assertThat(doc.at("/rule/version").asText()).isEqualTo("3");
    assertThat(doc.at("/threat/technique/id/0").asText()).isEqualTo("T1557");
    assertThat(doc.at("/threat/tactic/id/0").asText()).isEqualTo("TA0001");
    assertThat(doc.at("/tags").toString()).isEqualTo("[\"acs-hijack\"]");
    assertThat(doc.at("/source/ip").asText()).isEqualTo("198.51.100.7");
    assertThat(doc.at("/message").asText()).startsWith("ACS URL changed without an ACS task — ");
    assertThat(doc.at("/alert/status").asText()).isEqualTo("open");
    assertThat(doc.has("resolved_at")).isFalse();
    assertThat(doc.at("/cpe/device/key").asText()).isEqualTo("0012AB-HGW%2D5000-S1");
    assertThat(doc.at("/cpe/device/oui").asText()).isEqualTo("0012AB");
    assertThat(doc.at("/cpe/device/product_class").asText()).isEqualTo("HGW-5000");
    assertThat(doc.at("/cpe/device/serial_number").asText()).isEqualTo("S1");
    assertThat(doc.at("/cpe/software_version").asText()).isEqualTo("5.4.1");
    assertThat(doc.at("/cpe/cohort_key").asText())
        .isEqualTo("productClass=HGW-5000,region=north,softwareVersion=5.4.1");
    assertThat(doc.at("/cpe/evidence/changes/0/old_value").asText())
        .isEqualTo("https://acs.isp.example/");
    assertThat(doc.at("/cpe/evidence/changes/0/new_value").asText())
        .isEqualTo("http://203.0.113.66:7547/");
  }

  @Test
  void aResolvedAlertIsClosedAtItsLastSeen() {
    Alert resolved = Alerts.acsHijack("a-1", "S1").setStatus(AlertStatus.RESOLVED).build();

    ObjectNode doc = mapper.toDocument(resolved).source();

    assertThat(doc.at("/alert/status").asText()).isEqualTo("resolved");
    assertThat(doc.at("/alert/resolved_at").asText()).isEqualTo("2026-05-01T10:00:40Z");
  }

  @Test
  void severityScaleRisesWithSeverity() {
    int previous = -1;
    for (Severity severity : Severity.values()) {
      int ecs = AlertDocumentMapper.ecsSeverity(severity);
      assertThat(ecs).isGreaterThan(previous).isBetween(0, 100);
      previous = ecs;
    }
  }
}
