package io.cpesentinel.sim.demo;

import io.cpesentinel.schema.Topic;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;

/**
 * Names of one run's topics, consumer groups and alert index: all carry the run id, so runs never
 * see each other's records and a second run starts clean.
 *
 * @param alertIndexPrefix alerts go to {@code <prefix>-yyyy.MM}; it matches the {@code cpe-alerts*}
 *     template and Kibana data view
 */
public record RunNames(
    String runId,
    Map<Topic, String> topics,
    String group,
    String alertIndexPrefix,
    String auditIndexPrefix) {

  public static RunNames fresh(String kind) {
    String id =
        kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return of(id);
  }

  public static RunNames of(String runId) {
    Map<Topic, String> topics = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      topics.put(topic, runId + "." + topic.topicName());
    }
    return new RunNames(
        runId,
        Map.copyOf(topics),
        "cpe-sentinel-" + runId,
        "cpe-alerts-" + runId,
        "cpe-quarantine-audit-" + runId);
  }

  /** The index pattern of this run's alerts. */
  public String alertIndexPattern() {
    return alertIndexPrefix + "-*";
  }
}
