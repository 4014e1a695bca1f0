package io.cpesentinel.delivery.quarantine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.delivery.elasticsearch.DocumentMapper;
import io.cpesentinel.delivery.elasticsearch.IndexedDocument;
import io.cpesentinel.delivery.elasticsearch.MonthlyIndex;
import java.time.Instant;
import java.util.Locale;

/**
 * A {@link QuarantineAction} as an audit document ({@code _id} = action id, index by month of the
 * action's time, mapped by {@code cpe-quarantine-audit.index-template.json}): ECS {@code
 * event.kind: event}, {@code event.action} and {@code event.outcome}, the operator as {@code
 * user.name}, and the hook's own fields under {@code quarantine.*}.
 */
public final class QuarantineAuditMapper implements DocumentMapper<QuarantineAction> {
  private static final long serialVersionUID = 1L;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final MonthlyIndex index;

  public QuarantineAuditMapper(String indexPrefix) {
    this.index = new MonthlyIndex(indexPrefix);
  }

  @Override
  public IndexedDocument toDocument(QuarantineAction action) {
    Instant at = Instant.ofEpochMilli(action.atMillis);
    ObjectNode doc = JSON.objectNode();
    doc.put("@timestamp", at.toString());
    doc.put("message", action.kind + " " + action.outcome + ": " + action.detail);
    ObjectNode event = doc.putObject("event");
    event.put("kind", "event");
    event.put("category", "configuration");
    event.put("id", action.actionId);
    event.put("action", lower(action.kind));
    event.put("outcome", ecsOutcome(action.outcome));
    event.put("dataset", "cpe_sentinel.quarantine_audit");
    event.put("module", "cpe_sentinel");
    if (action.operator != null) {
      doc.putObject("user").put("name", action.operator);
    }
    ObjectNode rule = doc.putObject("rule");
    rule.put("id", action.ruleId);
    ObjectNode quarantine = doc.putObject("quarantine");
    quarantine.put("action_id", action.actionId);
    quarantine.put("kind", lower(action.kind));
    quarantine.put("outcome", lower(action.outcome));
    quarantine.put("guardrail", action.guardrail == null ? null : lower(action.guardrail));
    quarantine.put("detail", action.detail);
    quarantine.put("trigger", action.trigger);
    quarantine.put("dry_run", action.dryRun);
    quarantine.put("result", action.result);
    quarantine.put("alert_id", action.alertId);
    quarantine.put(
        "severity", action.severity == null ? null : action.severity.toLowerCase(Locale.ROOT));
    ObjectNode cpe = doc.putObject("cpe");
    cpe.putObject("device").put("key", action.deviceKey);
    cpe.put("cohort_key", action.cohortKey);
    return new IndexedDocument(index.of(at), action.actionId, doc);
  }

  private static String ecsOutcome(Outcome outcome) {
    return switch (outcome) {
      case EXECUTED -> "success";
      case FAILED -> "failure";
      default -> "unknown";
    };
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
