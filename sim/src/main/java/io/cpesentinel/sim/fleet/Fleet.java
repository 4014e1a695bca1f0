package io.cpesentinel.sim.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated fleet: devices spread evenly over the product lines and regions, firmware by the
 * line's shares, periodic Informs phased at random over the inform interval. Deterministic for a
 * given seed, so a run can be repeated.
 */
public final class Fleet {
  private final List<ProductLine> lines;
  private final List<Region> regions;
  private final List<SimDevice> devices;
  private final int intervalSeconds;

  public Fleet(int size, int intervalSeconds, long startAt, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("devices: at least 1 (was " + size + ")");
    }
    if (intervalSeconds < 5) {
      throw new IllegalArgumentException(
          "inform interval: at least 5 s (was " + intervalSeconds + ")");
    }
    this.lines = ProductLine.all();
    this.regions = Region.all();
    this.intervalSeconds = intervalSeconds;
    SplittableRandom random = new SplittableRandom(seed);
    List<SimDevice> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ProductLine line = lines.get(i % lines.size());
      Region region = regions.get(random.nextInt(regions.size()));
      String firmware =
          random.nextDouble() < line.firmwareShares()[0]
              ? line.firmwares().get(0)
              : line.firmwares().get(1);
      long phase = random.nextLong(intervalSeconds * 1000L);
      // the device's own random stream, from the seed and its index (not from `random`, so the
      // fleet's regions, firmware and phases stay what they were)
      long deviceSeed = SimDevice.mix64(seed * 0x9E3779B97F4A7C15L + i);
      list.add(
          new SimDevice(i, line, region, firmware, intervalSeconds, startAt + phase, deviceSeed));
    }
    this.devices = Collections.unmodifiableList(list);
  }

  public List<SimDevice> devices() {
    return devices;
  }

  public List<ProductLine> lines() {
    return lines;
  }

  public List<Region> regions() {
    return regions;
  }

  public int intervalSeconds() {
    return intervalSeconds;
  }

  /** Devices by "productClass firmware", in fleet order. */
  public Map<String, List<SimDevice>> cohorts() {
    Map<String, List<SimDevice>> cohorts = new LinkedHashMap<>();
    for (SimDevice device : devices) {
      cohorts.computeIfAbsent(device.cohortName(), k -> new ArrayList<>()).add(device);
    }
    return cohorts;
  }

  /** Informs per second the fleet sends when nothing happens. */
  public double steadyInformRate() {
    return devices.size() / (double) intervalSeconds;
  }
}
