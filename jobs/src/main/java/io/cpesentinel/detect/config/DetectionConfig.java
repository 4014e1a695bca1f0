package io.cpesentinel.detect.config;

import static io.cpesentinel.config.ConfigException.required;
import static io.cpesentinel.detect.config.Limits.atLeast;
import static io.cpesentinel.detect.config.Limits.positive;

import io.cpesentinel.config.ConfigException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thresholds, windows and allowlists of the detection job ({@code rules/detection.yaml}). Every
 * value is checked when the file is read, so a bad setting stops the job at start with the key and
 * the reason instead of misbehaving at 3 a.m.
 */
public record DetectionConfig(
    String version,
    Watermark watermark,
    Duration suppression,
    Changes changes,
    Silence silence,
    RebootLoop rebootLoop,
    AuthBurst authBurst,
    Cohort cohort,
    Spread spread,
    Duration deviceStateTtl,
    Correlation correlation,
    Map<String, List<String>> allowlists,
    Map<String, List<String>> regions)
    implements Serializable {

  /**
   * The cohort dimensions an Inform gives: its identity and firmware, and its {@code region} from
   * the source address and the {@code regions:} address plan.
   */
  public static final Set<String> INFORM_DIMENSIONS =
      Set.of("manufacturer", "oui", "productClass", "softwareVersion", "hardwareVersion", "region");

  public DetectionConfig {
    required(version, "version");
    required(watermark, "watermark");
    positive(suppression, "suppression");
    required(changes, "changes");
    required(silence, "silence");
    required(rebootLoop, "rebootLoop");
    required(authBurst, "authBurst");
    required(cohort, "cohort");
    required(spread, "spread");
    positive(deviceStateTtl, "deviceStateTtl");
    correlation = correlation == null ? Correlation.DEFAULTS : correlation;
    allowlists = allowlists == null ? Map.of() : Map.copyOf(allowlists);
    regions = regions == null ? Map.of() : Map.copyOf(regions);
    AddressPlan plan = new AddressPlan(regions);
    if (cohort.dimensions().contains("region") && plan.isEmpty()) {
      throw new ConfigException(
          "cohort.dimensions",
          "'region' needs the ISP's address plan under regions:"
              + " (region name to address prefixes)");
    }
    if (deviceStateTtl.compareTo(changes.acsTaskTtl()) < 0) {
      throw new ConfigException("deviceStateTtl", "must be at least changes.acsTaskTtl");
    }
  }

  /** The same settings with correlation rules switched on or off (benchmarks, tests). */
  public DetectionConfig withCorrelationEnabled(boolean enabled) {
    return new DetectionConfig(
        version,
        watermark,
        suppression,
        changes,
        silence,
        rebootLoop,
        authBurst,
        cohort,
        spread,
        deviceStateTtl,
        new Correlation(enabled, correlation.history(), correlation.maxFactsPerDevice()),
        allowlists,
        regions);
  }

  /** The {@code regions:} address plan (checked when the configuration was read). */
  public AddressPlan addressPlan() {
    return new AddressPlan(regions);
  }

  /** The allowlist called {@code name}; an unknown name is a configuration error. */
  public Set<String> allowlist(String name) {
    List<String> values = allowlists.get(name);
    if (values == null) {
      throw new ConfigException(
          "allowlists." + name, "referenced by the parameter catalogue but not defined");
    }
    return Set.copyOf(values);
  }

  public record Watermark(Duration maxOutOfOrderness, Duration idleness) implements Serializable {
    public Watermark {
      required(maxOutOfOrderness, "maxOutOfOrderness");
      if (maxOutOfOrderness.isNegative()) {
        throw new ConfigException("maxOutOfOrderness", "must not be negative");
      }
      positive(idleness, "idleness");
    }
  }

  public record Changes(Duration acsTaskTtl, Duration grace) implements Serializable {
    public Changes {
      positive(acsTaskTtl, "acsTaskTtl");
      positive(grace, "grace");
    }
  }

  public record Silence(int informIntervals, Duration defaultInformInterval)
      implements Serializable {
    public Silence {
      atLeast(informIntervals, 1, "informIntervals");
      positive(defaultInformInterval, "defaultInformInterval");
    }
  }

  public record RebootLoop(int boots, Duration within) implements Serializable {
    public RebootLoop {
      atLeast(boots, 2, "boots");
      positive(within, "within");
    }
  }

  public record AuthBurst(PerDevice perDevice, PerSourceIp perSourceIp) implements Serializable {
    public AuthBurst {
      required(perDevice, "perDevice");
      required(perSourceIp, "perSourceIp");
    }

    public record PerDevice(int failures, Duration within) implements Serializable {
      public PerDevice {
        atLeast(failures, 2, "failures");
        positive(within, "within");
      }
    }

    public record PerSourceIp(int devices, Duration within) implements Serializable {
      public PerSourceIp {
        atLeast(devices, 2, "devices");
        positive(within, "within");
      }
    }
  }

  public record Cohort(
      List<String> dimensions,
      Duration bucket,
      Duration window,
      Duration activeHorizon,
      int minActiveDevices,
      int baselineWindows,
      int coldStartWindows,
      double minShare,
      double madMultiplier,
      double concentration,
      int confirmWindows,
      int quietWindowsToResolve)
      implements Serializable {
    public Cohort {
      required(dimensions, "dimensions");
      if (dimensions.isEmpty()) {
        throw new ConfigException("dimensions", "at least one dimension");
      }
      for (String dimension : dimensions) {
        if (!INFORM_DIMENSIONS.contains(dimension)) {
          throw new ConfigException(
              "dimensions",
              "unknown dimension '"
                  + dimension
                  + "' (known: "
                  + INFORM_DIMENSIONS.stream().sorted().toList()
                  + ")");
        }
      }
      dimensions = List.copyOf(dimensions);
      positive(bucket, "bucket");
      positive(window, "window");
      positive(activeHorizon, "activeHorizon");
      if (window.toMillis() % bucket.toMillis() != 0) {
        throw new ConfigException(
            "window", "must be a whole number of cohort.bucket (" + window + " / " + bucket + ")");
      }
      atLeast(minActiveDevices, 1, "minActiveDevices");
      atLeast(baselineWindows, 3, "baselineWindows");
      atLeast(coldStartWindows, 1, "coldStartWindows");
      if (coldStartWindows > baselineWindows) {
        throw new ConfigException("coldStartWindows", "must be <= cohort.baselineWindows");
      }
      atLeast(minShare, 0.0, "minShare");
      if (minShare > 1.0) {
        throw new ConfigException("minShare", "a share, between 0 and 1 (was " + minShare + ")");
      }
      atLeast(madMultiplier, 0.0, "madMultiplier");
      atLeast(concentration, 1.0, "concentration");
      atLeast(confirmWindows, 1, "confirmWindows");
      atLeast(quietWindowsToResolve, 1, "quietWindowsToResolve");
    }

    /** Buckets per window. */
    public int bucketsPerWindow() {
      return (int) (window.toMillis() / bucket.toMillis());
    }
  }

  public record Spread(int devices, Duration within) implements Serializable {
    public Spread {
      atLeast(devices, 2, "devices");
      positive(within, "within");
    }
  }

  /**
   * Correlation rules (Esper EPL modules, {@code rules/epl} and the {@code cpe.rules} topic): on or
   * off, and how much of each device's recent facts Flink state keeps to rebuild the rules' own
   * state after a restore (as long as the longest rule horizon, capped in count).
   */
  public record Correlation(boolean enabled, Duration history, int maxFactsPerDevice)
      implements Serializable {
    static final Correlation DEFAULTS = new Correlation(true, Duration.ofHours(24), 200);

    public Correlation {
      positive(history, "history");
      atLeast(maxFactsPerDevice, 1, "maxFactsPerDevice");
    }
  }
}
