package io.cpesentinel.delivery;

import io.cpesentinel.delivery.quarantine.Outcome;
import io.cpesentinel.delivery.quarantine.QuarantineAction;
import org.apache.flink.api.common.functions.FilterFunction;

/** Only actions that still have to be carried out on the ACS side. */
final class PendingOnly implements FilterFunction<QuarantineAction> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean filter(QuarantineAction action) {
    return action.outcome == Outcome.PENDING;
  }
}
