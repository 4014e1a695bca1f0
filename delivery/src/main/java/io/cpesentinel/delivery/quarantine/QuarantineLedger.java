package io.cpesentinel.delivery.quarantine;

import java.util.Optional;

/**
 * What the guardrails remember between alerts: quarantined devices, per-cohort counts, recent
 * quarantine times and the breaker. An interface so the decision logic is plain Java, tested with
 * an in-memory ledger, while the Flink function backs it with checkpointed state.
 */
public interface QuarantineLedger {
  Optional<Quarantined> quarantined(String deviceKey);

  /** Records a quarantine: the device, its cohort's count, and the time for the rate cap. */
  void addQuarantine(String deviceKey, Quarantined quarantined);

  /** Forgets a device's quarantine and its cohort count; no-op when it is not quarantined. */
  void removeQuarantine(String deviceKey);

  int quarantinedInCohort(String cohortKey);

  /** Quarantines recorded with a time in {@code (atMillis - windowMillis, atMillis]}. */
  int quarantinesInWindow(long atMillis, long windowMillis);

  /** Why the breaker tripped; empty while it is closed. */
  Optional<BreakerTrip> breaker();

  void tripBreaker(BreakerTrip trip);

  void rearmBreaker();
}
