package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.schema.Alert;
import java.util.ArrayList;
import java.util.List;

/** What the guardrails made of one alert or command: actions to audit (and carry out), pages. */
public record GuardrailDecision(List<QuarantineAction> actions, List<Alert> pages) {
  static GuardrailDecision none() {
    return new GuardrailDecision(List.of(), List.of());
  }

  static GuardrailDecision of(QuarantineAction action) {
    return new GuardrailDecision(List.of(action), List.of());
  }

  GuardrailDecision and(QuarantineAction action, Alert page) {
    List<QuarantineAction> a = new ArrayList<>(actions);
    a.add(action);
    List<Alert> p = new ArrayList<>(pages);
    p.add(page);
    return new GuardrailDecision(List.copyOf(a), List.copyOf(p));
  }
}
