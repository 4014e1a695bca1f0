package io.cpesentinel.delivery;

import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Only alerts the quarantine guardrails can act on (rules marked eligible, and resolutions, which
 * may release), so the single fleet-wide guardrail instance does not receive the whole alert
 * stream.
 */
final class QuarantineCandidates implements FilterFunction<Alert> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean filter(Alert alert) {
    return alert.getQuarantineEligible() || alert.getStatus() == AlertStatus.RESOLVED;
  }
}
