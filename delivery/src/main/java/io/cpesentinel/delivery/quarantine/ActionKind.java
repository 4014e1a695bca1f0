package io.cpesentinel.delivery.quarantine;

/** What the quarantine hook did, or decided not to do. */
public enum ActionKind {
  /** Tag the device as quarantined on the ACS side. */
  QUARANTINE,
  /** Remove the quarantine: the incident resolved, or an operator said so. */
  RELEASE,
  /** A quarantine a guardrail did not allow; {@link QuarantineAction#guardrail} says which. */
  WITHHELD,
  /** A cap was reached: no more quarantines until an operator re-arms; a human is paged. */
  BREAKER_TRIPPED,
  /** An operator re-armed the breaker. */
  BREAKER_REARMED,
  /** An operator command that could not be understood. */
  COMMAND_REJECTED
}
