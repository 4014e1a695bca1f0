package io.cpesentinel.detect;

/**
 * What a device tells its cohort: it became active or inactive, booted without an ACS reason, or
 * failed to authenticate. A Flink POJO (public fields, no-arg constructor).
 */
public class CohortSignal {
  /** The kinds of signal; ACTIVE/INACTIVE keep an exact count of active devices per cohort. */
  public enum Kind {
    ACTIVE,
    INACTIVE,
    UNEXPECTED_BOOT,
    AUTH_FAILURE
  }

  public String cohortKey;
  public Kind kind;
  public long at;
  public String deviceKey;

  public CohortSignal() {}

  public CohortSignal(String cohortKey, Kind kind, long at, String deviceKey) {
    this.cohortKey = cohortKey;
    this.kind = kind;
    this.at = at;
    this.deviceKey = deviceKey;
  }

  @Override
  public String toString() {
    return kind + "(" + cohortKey + ", " + deviceKey + ", " + at + ")";
  }
}
