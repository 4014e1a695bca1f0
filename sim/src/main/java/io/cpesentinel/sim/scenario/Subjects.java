package io.cpesentinel.sim.scenario;

/** How an alert's subject key relates to the devices, cohorts, addresses a scenario touched. */
final class Subjects {
  private Subjects() {}

  static boolean matches(String subject, String subjectKey) {
    return subjectKey != null
        && (subjectKey.equals(subject) || subjectKey.startsWith(subject + "#"));
  }
}
