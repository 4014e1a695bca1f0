package io.cpesentinel.jobs.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.schema.RuleModule;
import java.time.Instant;

/**
 * A {@code cpe.rules.status} record: {@code {"ruleId","version","action","status","error",
 * "engineTime"}}, so whoever published a module sees whether it runs or why not.
 */
final class RuleStatusJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RuleStatusJson() {}

  static String of(RuleModule module, String status, String error, long engineTime) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ruleId", module.getRuleId());
    node.put("version", module.getVersion());
    node.put("action", module.getAction().name());
    node.put("status", status);
    node.put("error", error);
    node.put("engineTime", Instant.ofEpochMilli(engineTime).toString());
    return node.toString();
  }
}
