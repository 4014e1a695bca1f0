package io.cpesentinel.sim.scenario;

import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.transport.AcsAction;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** What a scenario can do to the running fleet. Called on the fleet's scheduler thread only. */
public interface ScenarioContext {
  Fleet fleet();

  SplittableRandom random();

  /** Wall-clock now, epoch ms. */
  long now();

  /** Runs {@code action} on the scheduler thread at {@code at} (epoch ms). */
  void at(long at, Runnable action);

  /** Sends an Inform of {@code device} now, with its queued events. */
  void informNow(SimDevice device);

  /** Reports ACS events to the pipeline. */
  void acs(AcsAction action);

  /**
   * Up to {@code count} random devices matching {@code filter} that no other scenario took and that
   * are still managed; they are reserved for the caller.
   */
  List<SimDevice> take(Predicate<SimDevice> filter, int count);

  /** The cohort key the detection job gives {@code device} now. */
  String cohortKey(SimDevice device);
}
