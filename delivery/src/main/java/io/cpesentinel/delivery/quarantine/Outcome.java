package io.cpesentinel.delivery.quarantine;

/** Where an action stands; the audit document of an action moves from PENDING to its end state. */
public enum Outcome {
  /** Decided; the ACS is called once the checkpoint that recorded the decision completes. */
  PENDING,
  /** The ACS accepted it. */
  EXECUTED,
  /** The ACS refused it for good; the reason is in the audit. */
  FAILED,
  /** Decided in dry-run mode: what would have happened, nothing was called. */
  DRY_RUN,
  /** Nothing to call: withheld actions, breaker changes, rejected commands. */
  RECORDED
}
