package io.cpesentinel.delivery.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.delivery.elasticsearch.IndexedDocument;
import io.cpesentinel.delivery.testing.TemplateFields;
import org.junit.jupiter.api.Test;

class QuarantineAuditMapperTest {
  @Test
  void everyFieldTheAuditWritesIsMappedByTheShippedTemplate() {
    QuarantineAction action = new QuarantineAction();
    action.actionId = "0a1b";
    action.kind = ActionKind.WITHHELD;
    action.outcome = Outcome.RECORDED;
    action.guardrail = Guardrail.RATE_CAP;
    action.detail = "cap";
    action.deviceKey = "0012AB-HGW%2D5000-S1";
    action.cohortKey = "productClass=HGW-5000";
    action.alertId = "a-1";
    action.ruleId = "acs-url-unsolicited-change";
    action.severity = "CRITICAL";
    action.trigger = "operator";
    action.operator = "alice";
    action.atMillis = 1_777_629_600_000L;
    action.result = "webhook HTTP 200";
    TemplateFields template = TemplateFields.of("cpe-quarantine-audit");

    IndexedDocument doc = new QuarantineAuditMapper("cpe-quarantine-audit").toDocument(action);

    for (String path : TemplateFields.leafPaths(doc.source())) {
      assertThat(template.typeOf(path)).as("template mapping of %s", path).isNotNull();
    }
    assertThat(doc.id()).isEqualTo("0a1b");
    assertThat(doc.index()).isEqualTo("cpe-quarantine-audit-2026.05");
    assertThat(doc.source().at("/quarantine/guardrail").asText()).isEqualTo("rate_cap");
    assertThat(doc.source().at("/user/name").asText()).isEqualTo("alice");
  }
}
