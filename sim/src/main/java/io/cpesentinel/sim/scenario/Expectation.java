package io.cpesentinel.sim.scenario;

/**
 * An alert an analyst must get: the rule and its subject. Device rules that track an instance
 * (posture on access point 2) put {@code #instance} after the device key, so a subject matches
 * itself and anything that starts with it plus {@code #}.
 */
public record Expectation(String rule, String subject) {
  public boolean matches(String ruleId, String subjectKey) {
    return rule.equals(ruleId) && Subjects.matches(subject, subjectKey);
  }
}
