package io.cpesentinel.delivery.pagerduty;

import io.cpesentinel.delivery.config.PagerDutyRoute;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which PagerDuty routes an alert goes to, by route name (the routing keys are secrets and stay out
 * of this class). A firing alert goes to the first route whose rules and minimum severity match. A
 * resolution goes to every route that takes the rule, whatever the severity: the incident may have
 * been triggered at another severity, and PagerDuty ignores a resolve for a dedup key it does not
 * know, so this never leaves an incident open.
 */
public final class PagerDutyRouter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<PagerDutyRoute> routes;

  public PagerDutyRouter(List<PagerDutyRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  public List<String> routesFor(Alert alert) {
    List<String> names = new ArrayList<>();
    for (PagerDutyRoute route : routes) {
      boolean ruleMatches = route.rules().isEmpty() || route.rules().contains(alert.getRuleId());
      if (alert.getStatus() == AlertStatus.RESOLVED) {
        if (ruleMatches) {
          names.add(route.name());
        }
      } else if (ruleMatches && alert.getSeverity().compareTo(route.minSeverity()) >= 0) {
        names.add(route.name());
        break;
      }
    }
    return names;
  }
}
