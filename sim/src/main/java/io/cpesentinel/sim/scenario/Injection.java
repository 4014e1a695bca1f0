package io.cpesentinel.sim.scenario;

import java.util.List;

/**
 * What one scenario did, as the ground truth records it: when, to whom, and which alerts an analyst
 * must get (none for a benign look-alike). Alerts about any of its subjects belong to it.
 *
 * @param injectedAt wall-clock start of the injection, epoch ms
 * @param devices device keys it touched
 * @param cohorts cohort keys it touched (cohort-wide scenarios)
 * @param sourceIps attacker addresses
 * @param campaigns fleet-spread keys ({@code parameter=value}) its changes could form
 */
public record Injection(
    String scenario,
    Scenario.Kind kind,
    String description,
    int atSecond,
    double scale,
    long injectedAt,
    List<String> devices,
    List<String> cohorts,
    List<String> sourceIps,
    List<String> campaigns,
    List<Expectation> expected) {

  /** True when an alert with this rule and subject is about something this scenario did. */
  public boolean concerns(String subjectKey, String deviceKey) {
    for (List<String> subjects : List.of(devices, cohorts, sourceIps, campaigns)) {
      for (String subject : subjects) {
        if (Subjects.matches(subject, subjectKey)
            || (deviceKey != null && subject.equals(deviceKey))) {
          return true;
        }
      }
    }
    return false;
  }
}
