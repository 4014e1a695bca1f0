package io.cpesentinel.detect;

/**
 * One cohort's rate of one signal over the window ending at {@code windowEnd}, and whether it is
 * anomalous against the cohort's own baseline. The comparator sees all cohorts' stats of a window
 * together, to tell a cohort-specific incident from a fleet-wide event. A Flink POJO.
 */
public class CohortWindowStat {
  public String cohortKey;
  public CohortSignal.Kind kind;
  public long windowEnd;
  public long active;
  public long count;
  public double baselineMedian;
  public double baselineMad;
  public int baselineWindows;
  public boolean anomalous;

  public CohortWindowStat() {}

  /** Count as a share of active devices. */
  public double share() {
    return active == 0 ? 0.0 : (double) count / active;
  }

  @Override
  public String toString() {
    return String.format(
        "%s %s @%d: %d/%d (median %.4f, mad %.4f, n=%d)%s",
        cohortKey,
        kind,
        windowEnd,
        count,
        active,
        baselineMedian,
        baselineMad,
        baselineWindows,
        anomalous ? " ANOMALOUS" : "");
  }
}
