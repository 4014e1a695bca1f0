package io.cpesentinel.delivery.quarantine;

/** The guardrail that withheld a quarantine. */
public enum Guardrail {
  /** The alert is not about one device (a cohort or campaign alert). */
  NOT_A_DEVICE,
  BELOW_MIN_SEVERITY,
  ALLOWLISTED_DEVICE,
  ALLOWLISTED_COHORT,
  /** A cap was reached earlier and no operator has re-armed since. */
  BREAKER_OPEN,
  /** {@code maxPerMinute} quarantines already in the last minute of alert time. */
  RATE_CAP,
  /** {@code maxPerCohort} or {@code maxCohortShare} of the cohort already quarantined. */
  COHORT_CAP
}
