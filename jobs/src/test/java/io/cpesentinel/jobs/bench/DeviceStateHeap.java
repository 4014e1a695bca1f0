package io.cpesentinel.jobs.bench;

import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.DetectionOutput;
import io.cpesentinel.detect.DeviceDetector;
import io.cpesentinel.detect.InformSlimmer;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.DeviceKeys;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap the per-device state takes, as the heap state backend holds it (the Java objects of {@link
 * DeviceState}, keyed by device key), after two realistic Informs per device. Prints bytes per
 * device; the backend's own per-entry overhead (about 50 bytes) comes on top. Run with {@code
 * jobs/bench/device-state-heap}.
 */
public final class DeviceStateHeap {
  private DeviceStateHeap() {}

  public static void main(String[] args) {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    DeviceDetector detector = new DeviceDetector(ConfigFiles.defaults());
    InformSlimmer slimmer = new InformSlimmer(ConfigFiles.defaults());
    DetectionOutput discard =
        new DetectionOutput() {
          @Override
          public void alert(Alert alert) {}

          @Override
          public void cohortSignal(CohortSignal signal) {}

          @Override
          public void adoption(Observation adoption) {}
        };
    long before = usedHeap();
    Map<String, DeviceState> states = new HashMap<>(devices * 2);
    long keysOnly = 0;
    for (int d = 0; d < devices; d++) {
      String key = DeviceKeys.of(BenchInforms.device(d));
      DeviceState state = DeviceDetector.newState(key);
      for (int round = 0; round < 2; round++) {
        long at = DetectionBench.BenchClock.T0 + round * 600_000L;
        detector.onInform(state, slimmer.slim(BenchInforms.inform(d, at, round)), at, discard);
      }
      states.put(key, state);
      keysOnly += 40 + key.length();
    }
    long after = usedHeap();
    System.out.printf(
        "%,d devices: %,d bytes of heap in all, %.0f bytes per device (of which ~%.0f the map"
            + " entry and key)%n",
        states.size(),
        after - before,
        (double) (after - before) / devices,
        (double) keysOnly / devices);
  }

  private static long usedHeap() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
