package io.cpesentinel.delivery.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.delivery.common.AlertSubjects;
import io.cpesentinel.delivery.common.CohortKey;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.ValueChange;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An {@link Alert} as a PagerDuty Events API v2 event. {@code dedup_key} is the alertId, so every
 * update of an incident lands on the same PagerDuty alert and a RESOLVED alert resolves it; {@code
 * group} is the cohort (PagerDuty groups a storm in one cohort), {@code class} the rule, {@code
 * component} the product class, {@code source} the device or subject. Summaries are cut to
 * PagerDuty's 1024 characters and the whole event is kept under its 512 KB limit by shortening,
 * then dropping, the evidence: an alert is never refused for being too big.
 */
public final class PagerDutyEvents {
  /** PagerDuty's limit on the whole event. */
  public static final int MAX_EVENT_BYTES = 512 * 1024;

  /** PagerDuty's limit on {@code payload.summary}. */
  public static final int MAX_SUMMARY_CHARS = 1024;

  private static final int KEPT_LIST_ITEMS = 20;
  private static final int KEPT_VALUE_CHARS = 256;

  private final ObjectMapper json = JsonMapper.builder().build();

  /** PagerDuty's four severities. */
  public static String severity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "critical";
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "info";
    };
  }

  /** The request body for one alert and routing key, at most {@link #MAX_EVENT_BYTES}. */
  public byte[] body(Alert alert, String routingKey) {
    ObjectNode event = json.createObjectNode();
    event.put("routing_key", routingKey);
    event.put("dedup_key", alert.getAlertId());
    if (alert.getStatus() == AlertStatus.RESOLVED) {
      event.put("event_action", "resolve");
      return bytes(event);
    }
    event.put("event_action", "trigger");
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", summary(alert));
    String device = AlertSubjects.deviceKey(alert);
    payload.put("source", device != null ? device : alert.getSubjectKey());
    payload.put("severity", severity(alert.getSeverity()));
    payload.put("timestamp", alert.getLastSeen().toString());
    String productClass =
        alert.getDeviceId() != null
            ? alert.getDeviceId().getProductClass()
            : alert.getCohort().get("productClass");
    if (productClass != null && !productClass.isEmpty()) {
      payload.put("component", productClass);
    }
    payload.put("group", CohortKey.of(alert.getCohort()));
    payload.put("class", alert.getRuleId());
    ObjectNode details = payload.putObject("custom_details");
    details(alert, details, Integer.MAX_VALUE, Integer.MAX_VALUE);
    byte[] body = bytes(event);
    if (body.length <= MAX_EVENT_BYTES) {
      return body;
    }
    details.removeAll();
    details(alert, details, KEPT_LIST_ITEMS, KEPT_VALUE_CHARS);
    details.put(
        "truncated", "evidence shortened to stay under 512 KB; the full alert is in Kibana");
    body = bytes(event);
    if (body.length <= MAX_EVENT_BYTES) {
      return body;
    }
    details.removeAll();
    details.put("alert_id", alert.getAlertId());
    details.put("truncated", "evidence removed to stay under 512 KB; the full alert is in Kibana");
    return bytes(event);
  }

  static String summary(Alert alert) {
    String summary =
        "[" + alert.getSeverity() + "] " + alert.getTitle() + " — " + alert.getSubjectKey();
    return summary.length() <= MAX_SUMMARY_CHARS
        ? summary
        : summary.substring(0, MAX_SUMMARY_CHARS - 1) + "…";
  }

  private static void details(Alert alert, ObjectNode details, int maxItems, int maxChars) {
    details.put("alert_id", alert.getAlertId());
    details.put("rule", alert.getRuleId() + " v" + alert.getRuleVersion());
    details.put("status", alert.getStatus().name());
    details.put("subject", alert.getSubjectType() + " " + alert.getSubjectKey());
    details.put("description", cut(alert.getDescription(), maxChars));
    details.put("recommended_action", cut(alert.getRecommendedAction(), maxChars));
    details.put("window", alert.getWindowStart() + " .. " + alert.getWindowEnd());
    details.put("first_seen", alert.getFirstSeen().toString());
    details.put("last_seen", alert.getLastSeen().toString());
    details.put("quarantine_eligible", alert.getQuarantineEligible());
    ObjectNode cohort = details.putObject("cohort");
    alert.getCohort().forEach(cohort::put);
    strings(details.putArray("tags"), alert.getTags(), maxItems, maxChars);
    Evidence evidence = alert.getEvidence();
    ObjectNode e = details.putObject("evidence");
    ObjectNode counts = e.putObject("counts");
    evidence.getCounts().forEach(counts::put);
    if (evidence.getBaseline() != null) {
      e.put("baseline", evidence.getBaseline());
    }
    if (evidence.getObserved() != null) {
      e.put("observed", evidence.getObserved());
    }
    ArrayNode changes = e.putArray("changes");
    for (ValueChange change : first(evidence.getChanges(), maxItems)) {
      ObjectNode c = changes.addObject();
      c.put("parameter", change.getParameter());
      c.put("path", cut(change.getPath(), maxChars));
      c.put("old", cut(change.getOldValue(), maxChars));
      c.put("new", cut(change.getNewValue(), maxChars));
    }
    strings(e.putArray("event_ids"), evidence.getEventIds(), maxItems, maxChars);
    strings(e.putArray("devices"), evidence.getDevices(), maxItems, maxChars);
    ObjectNode more = e.putObject("details");
    evidence.getDetails().entrySet().stream()
        .limit(maxItems)
        .forEach(entry -> more.put(entry.getKey(), cut(entry.getValue(), maxChars)));
  }

  private static void strings(ArrayNode array, List<String> values, int maxItems, int maxChars) {
    first(values, maxItems).forEach(v -> array.add(cut(v, maxChars)));
  }

  private static <T> List<T> first(List<T> values, int max) {
    return values.size() <= max ? values : values.subList(0, max);
  }

  private static String cut(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    return value.substring(0, max) + "…";
  }

  private byte[] bytes(ObjectNode event) {
    try {
      return json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }
}
