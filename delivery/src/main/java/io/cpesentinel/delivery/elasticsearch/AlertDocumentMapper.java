package io.cpesentinel.delivery.elasticsearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.delivery.common.AlertSubjects;
import io.cpesentinel.delivery.common.CohortKey;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import io.cpesentinel.schema.ValueChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An {@link Alert} as the SOC sees it in Kibana: ECS field names where ECS has them ({@code
 * @timestamp}, {@code message}, {@code event.*}, {@code rule.*}, {@code threat.*}, {@code
 * source.ip}), the incident's lifecycle under {@code alert.*} (open or resolved, first and last
 * seen), and what only a CPE fleet has under {@code cpe.*} (device, cohort, evidence). The index
 * template {@code deploy/src/main/resources/elasticsearch/cpe-alerts.index-template.json} maps
 * exactly these fields; a test keeps the two in step.
 *
 * <p>{@code @timestamp} is when the incident was first seen, so "alerts over time" counts each
 * incident once, however often it is updated.
 */
public final class AlertDocumentMapper implements DocumentMapper<Alert> {
  private static final long serialVersionUID = 1L;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern ATTACK_TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
  private static final Pattern ATTACK_TACTIC = Pattern.compile("TA\\d{4}");

  /** The dataset name analysts filter on. */
  public static final String DATASET = "cpe_sentinel.alert";

  private final MonthlyIndex index;

  public AlertDocumentMapper(String indexPrefix) {
    this.index = new MonthlyIndex(indexPrefix);
  }

  @Override
  public IndexedDocument toDocument(Alert alert) {
    return new IndexedDocument(index.of(alert.getWindowStart()), alert.getAlertId(), source(alert));
  }

  /** ECS numeric severity on the scale Elastic Security uses for its own rules. */
  public static int ecsSeverity(Severity severity) {
    return switch (severity) {
      case INFO -> 10;
      case LOW -> 21;
      case MEDIUM -> 47;
      case HIGH -> 73;
      case CRITICAL -> 99;
    };
  }

  ObjectNode source(Alert alert) {
    ObjectNode doc = JSON.objectNode();
    doc.put("@timestamp", time(alert.getFirstSeen()));
    doc.put("message", message(alert));
    List<String> plainTags = new ArrayList<>();
    List<String> techniques = new ArrayList<>();
    List<String> tactics = new ArrayList<>();
    for (String tag : alert.getTags()) {
      if (ATTACK_TACTIC.matcher(tag).matches()) {
        tactics.add(tag);
      } else if (ATTACK_TECHNIQUE.matcher(tag).matches()) {
        techniques.add(tag);
      } else {
        plainTags.add(tag);
      }
    }
    doc.set("tags", strings(plainTags));
    ObjectNode event = doc.putObject("event");
    event.put("kind", "alert");
    event.put("category", "intrusion_detection");
    event.put("id", alert.getAlertId());
    event.put("severity", ecsSeverity(alert.getSeverity()));
    event.put("start", time(alert.getWindowStart()));
    event.put("end", time(alert.getWindowEnd()));
    event.put("dataset", DATASET);
    event.put("module", "cpe_sentinel");
    ObjectNode rule = doc.putObject("rule");
    rule.put("id", alert.getRuleId());
    rule.put("name", alert.getRuleId());
    rule.put("version", alert.getRuleVersion());
    if (!techniques.isEmpty() || !tactics.isEmpty()) {
      ObjectNode threat = doc.putObject("threat");
      threat.put("framework", "MITRE ATT&CK");
      if (!techniques.isEmpty()) {
        threat.putObject("technique").set("id", strings(techniques));
      }
      if (!tactics.isEmpty()) {
        threat.putObject("tactic").set("id", strings(tactics));
      }
    }
    String sourceIp = sourceIp(alert);
    if (sourceIp != null) {
      doc.putObject("source").put("ip", sourceIp);
    }
    doc.set("alert", lifecycle(alert));
    doc.set("cpe", cpe(alert));
    return doc;
  }

  private static ObjectNode lifecycle(Alert alert) {
    boolean resolved = alert.getStatus() == AlertStatus.RESOLVED;
    ObjectNode node = JSON.objectNode();
    node.put("id", alert.getAlertId());
    node.put("status", resolved ? "resolved" : "open");
    node.put("severity_label", alert.getSeverity().name().toLowerCase(Locale.ROOT));
    node.put("title", alert.getTitle());
    node.put("first_seen", time(alert.getFirstSeen()));
    node.put("last_seen", time(alert.getLastSeen()));
    if (resolved) {
      node.put("resolved_at", time(alert.getLastSeen()));
    }
    ObjectNode window = node.putObject("window");
    window.put("start", time(alert.getWindowStart()));
    window.put("end", time(alert.getWindowEnd()));
    if (alert.getRecommendedAction() != null) {
      node.put("recommended_action", alert.getRecommendedAction());
    }
    node.put("quarantine_eligible", alert.getQuarantineEligible());
    return node;
  }

  private static ObjectNode cpe(Alert alert) {
    ObjectNode cpe = JSON.objectNode();
    ObjectNode subject = cpe.putObject("subject");
    subject.put("type", alert.getSubjectType().name().toLowerCase(Locale.ROOT));
    subject.put("key", alert.getSubjectKey());
    String deviceKey = AlertSubjects.deviceKey(alert);
    if (deviceKey != null) {
      ObjectNode device = cpe.putObject("device");
      device.put("key", deviceKey);
      DeviceId id = alert.getDeviceId();
      if (id != null) {
        device.put("manufacturer", id.getManufacturer());
        device.put("oui", id.getOui());
        device.put("product_class", id.getProductClass());
        device.put("serial_number", id.getSerialNumber());
      }
    }
    Map<String, String> cohort = alert.getCohort();
    String softwareVersion = cohort.get("softwareVersion");
    if (softwareVersion != null) {
      cpe.put("software_version", softwareVersion);
    }
    ObjectNode cohortNode = cpe.putObject("cohort");
    cohort.forEach(cohortNode::put);
    cpe.put("cohort_key", CohortKey.of(cohort));
    cpe.set("evidence", evidence(alert.getEvidence()));
    return cpe;
  }

  private static ObjectNode evidence(Evidence evidence) {
    ObjectNode node = JSON.objectNode();
    ObjectNode counts = node.putObject("counts");
    evidence.getCounts().forEach(counts::put);
    if (evidence.getBaseline() != null) {
      node.put("baseline", evidence.getBaseline());
    }
    if (evidence.getObserved() != null) {
      node.put("observed", evidence.getObserved());
    }
    ArrayNode changes = node.putArray("changes");
    for (ValueChange change : evidence.getChanges()) {
      ObjectNode c = changes.addObject();
      c.put("parameter", change.getParameter());
      c.put("path", change.getPath());
      c.put("old_value", change.getOldValue());
      c.put("new_value", change.getNewValue());
    }
    node.set("event_ids", strings(evidence.getEventIds()));
    node.set("devices", strings(evidence.getDevices()));
    ObjectNode details = node.putObject("details");
    evidence.getDetails().forEach(details::put);
    return node;
  }

  private static String sourceIp(Alert alert) {
    if (alert.getSubjectType() == SubjectType.SOURCE_IP) {
      return alert.getSubjectKey();
    }
    return alert.getEvidence().getDetails().get("sourceIp");
  }

  private static String message(Alert alert) {
    return alert.getDescription() == null
        ? alert.getTitle()
        : alert.getTitle() + " — " + alert.getDescription();
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String time(Instant instant) {
    return instant.toString();
  }
}
