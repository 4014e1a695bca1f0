package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.delivery.common.PermanentDeliveryException;
import java.io.IOException;

/** One way of telling the ACS side to quarantine or release a device. Both calls are idempotent. */
public interface QuarantineActuator {
  /**
   * Carries out a {@link ActionKind#QUARANTINE} or {@link ActionKind#RELEASE}, retrying transient
   * errors.
   *
   * @return a short account of what the other side answered, for the audit
   */
  String apply(QuarantineAction action)
      throws PermanentDeliveryException, IOException, InterruptedException;
}
