package io.cpesentinel.delivery.quarantine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * {@link QuarantineLedger} over Flink keyed state, so what the guardrails remember is checkpointed
 * with the offsets of the alerts that led to it.
 */
final class FlinkQuarantineLedger implements QuarantineLedger {
  private final MapState<String, Quarantined> devices;
  private final MapState<String, Integer> cohortCounts;
  private final ListState<Long> recentQuarantines;
  private final ValueState<BreakerTrip> breaker;

  FlinkQuarantineLedger(
      MapState<String, Quarantined> devices,
      MapState<String, Integer> cohortCounts,
      ListState<Long> recentQuarantines,
      ValueState<BreakerTrip> breaker) {
    this.devices = devices;
    this.cohortCounts = cohortCounts;
    this.recentQuarantines = recentQuarantines;
    this.breaker = breaker;
  }

  @Override
  public Optional<Quarantined> quarantined(String deviceKey) {
    return Optional.ofNullable(call(() -> devices.get(deviceKey)));
  }

  @Override
  public void addQuarantine(String deviceKey, Quarantined quarantined) {
    run(
        () -> {
          devices.put(deviceKey, quarantined);
          Integer count = cohortCounts.get(quarantined.cohortKey);
          cohortCounts.put(quarantined.cohortKey, count == null ? 1 : count + 1);
          recentQuarantines.add(quarantined.atMillis);
        });
  }

  @Override
  public void removeQuarantine(String deviceKey) {
    run(
        () -> {
          Quarantined was = devices.get(deviceKey);
          if (was == null) {
            return;
          }
          devices.remove(deviceKey);
          Integer count = cohortCounts.get(was.cohortKey);
          if (count == null || count <= 1) {
            cohortCounts.remove(was.cohortKey);
          } else {
            cohortCounts.put(was.cohortKey, count - 1);
          }
        });
  }

  @Override
  public int quarantinedInCohort(String cohortKey) {
    Integer count = call(() -> cohortCounts.get(cohortKey));
    return count == null ? 0 : count;
  }

  /** Counts and, on the way, forgets times too old to matter for any later alert. */
  @Override
  public int quarantinesInWindow(long atMillis, long windowMillis) {
    return call(
        () -> {
          List<Long> kept = new ArrayList<>();
          int inWindow = 0;
          Iterable<Long> times = recentQuarantines.get();
          long newest = atMillis;
          for (Long t : times) {
            newest = Math.max(newest, t);
          }
          for (Long t : times) {
            if (t > newest - 2 * windowMillis) {
              kept.add(t);
            }
            if (t > atMillis - windowMillis && t <= atMillis) {
              inWindow++;
            }
          }
          recentQuarantines.update(kept);
          return inWindow;
        });
  }

  @Override
  public Optional<BreakerTrip> breaker() {
    return Optional.ofNullable(call(breaker::value));
  }

  @Override
  public void tripBreaker(BreakerTrip trip) {
    run(() -> breaker.update(trip));
  }

  @Override
  public void rearmBreaker() {
    breaker.clear();
  }

  private interface StateCall<T> {
    T call() throws Exception;
  }

  private interface StateRun {
    void run() throws Exception;
  }

  private static <T> T call(StateCall<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException("cannot access quarantine state", e);
    }
  }

  private static void run(StateRun run) {
    call(
        () -> {
          run.run();
          return null;
        });
  }
}
