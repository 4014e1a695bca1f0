package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import io.cpesentinel.schema.Severity;
import java.io.Serializable;
import java.util.List;

/**
 * One PagerDuty service alerts can be sent to. An alert goes to the first route whose rules and
 * minimum severity match it.
 *
 * @param name names the route in logs and metrics (the routing key itself is a secret)
 * @param routingKey the Events API v2 integration key, from env or file
 * @param rules rule ids this route takes; empty takes every rule
 * @param minSeverity lowest alert severity this route takes; default {@code HIGH}
 */
public record PagerDutyRoute(
    String name, SecretRef routingKey, List<String> rules, Severity minSeverity)
    implements Serializable {
  public PagerDutyRoute {
    ConfigException.required(name, "name");
    ConfigException.require(name.matches("[A-Za-z0-9_.-]+"), "name", "use [A-Za-z0-9_.-] only");
    ConfigException.required(routingKey, "routingKey");
    rules = rules == null ? List.of() : List.copyOf(rules);
    minSeverity = minSeverity == null ? Severity.HIGH : minSeverity;
  }
}
