package io.cpesentinel.delivery.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * One string for a cohort ({@code productClass=HGW-5000,region=north,softwareVersion=1.2}), the
 * same for every destination: the SOC's "top cohorts" table, PagerDuty's {@code group}, and the
 * quarantine guardrail's per-cohort caps all agree on what a cohort is.
 */
public final class CohortKey {
  /** The key of an alert that names no cohort. */
  public static final String NONE = "none";

  private CohortKey() {}

  public static String of(Map<String, String> cohort) {
    if (cohort == null || cohort.isEmpty()) {
      return NONE;
    }
    StringBuilder key = new StringBuilder();
    new TreeMap<>(cohort)
        .forEach(
            (dimension, value) -> {
              if (key.length() > 0) {
                key.append(',');
              }
              key.append(dimension).append('=').append(value);
            });
    return key.toString();
  }
}
