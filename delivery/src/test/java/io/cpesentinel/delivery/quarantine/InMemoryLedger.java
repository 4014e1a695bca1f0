package io.cpesentinel.delivery.quarantine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link QuarantineLedger} in plain maps, for testing the guardrails without Flink. */
final class InMemoryLedger implements QuarantineLedger {
  private final Map<String, Quarantined> devices = new HashMap<>();
  private final Map<String, Integer> cohorts = new HashMap<>();
  private final List<Long> times = new ArrayList<>();
  private BreakerTrip breaker;

  @Override
  public Optional<Quarantined> quarantined(String deviceKey) {
    return Optional.ofNullable(devices.get(deviceKey));
  }

  @Override
  public void addQuarantine(String deviceKey, Quarantined quarantined) {
    devices.put(deviceKey, quarantined);
    cohorts.merge(quarantined.cohortKey, 1, Integer::sum);
    times.add(quarantined.atMillis);
  }

  @Override
  public void removeQuarantine(String deviceKey) {
    Quarantined was = devices.remove(deviceKey);
    if (was != null) {
      cohorts.merge(was.cohortKey, -1, Integer::sum);
    }
  }

  @Override
  public int quarantinedInCohort(String cohortKey) {
    return cohorts.getOrDefault(cohortKey, 0);
  }

  @Override
  public int quarantinesInWindow(long atMillis, long windowMillis) {
    return (int) times.stream().filter(t -> t > atMillis - windowMillis && t <= atMillis).count();
  }

  @Override
  public Optional<BreakerTrip> breaker() {
    return Optional.ofNullable(breaker);
  }

  @Override
  public void tripBreaker(BreakerTrip trip) {
    breaker = trip;
  }

  @Override
  public void rearmBreaker() {
    breaker = null;
  }

  int quarantinedDevices() {
    return devices.size();
  }
}
