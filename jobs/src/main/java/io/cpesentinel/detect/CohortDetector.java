package io.cpesentinel.detect;

import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.state.CohortState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-cohort sliding windows, in plain Java: counts unexpected boots and failing devices in
 * buckets, keeps an exact count of active devices as of each window's end (activity signals are
 * applied by event time, since on a backlog they arrive ahead of the windows), and at each bucket
 * end compares the window's share with a robust baseline of past windows (median and MAD, excluding
 * anomalous windows so an incident does not poison it). Small cohorts and the cold start are
 * handled by a minimum cohort size and an absolute minimum share.
 */
public final class CohortDetector {
  private final DetectionConfig.Cohort config;
  private final long bucket;
  private final long window;

  public CohortDetector(DetectionConfig.Cohort config) {
    this.config = config;
    this.bucket = config.bucket().toMillis();
    this.window = config.window().toMillis();
  }

  public static CohortState newState() {
    return CohortState.newBuilder()
        .setBoots(new ArrayList<>())
        .setAuthFailures(new ArrayList<>())
        .setActiveDeltas(new ArrayList<>())
        .setBootHistory(new ArrayList<>())
        .setAuthHistory(new ArrayList<>())
        .build();
  }

  /** Counts one signal; returns false when it is too late for any window still open. */
  public boolean onSignal(CohortState state, CohortSignal signal) {
    mutable(state);
    return switch (signal.kind) {
      case ACTIVE -> add(state, state.getActiveDeltas(), signal.at, 1) || applyNow(state, 1);
      case INACTIVE -> add(state, state.getActiveDeltas(), signal.at, -1) || applyNow(state, -1);
      case UNEXPECTED_BOOT -> add(state, state.getBoots(), signal.at, 1);
      case AUTH_FAILURE -> add(state, state.getAuthFailures(), signal.at, 1);
    };
  }

  /** The end of the bucket holding {@code time}: when the window ending there is evaluated. */
  public long bucketEnd(long time) {
    return Math.floorDiv(time, bucket) * bucket + bucket;
  }

  /** Stats of the window ending at {@code windowEnd} (exclusive) for both signal kinds. */
  public List<CohortWindowStat> evaluate(CohortState state, String cohortKey, long windowEnd) {
    mutable(state);
    applyActivity(state, windowEnd);
    alignTo(state, windowEnd);
    List<CohortWindowStat> stats = new ArrayList<>(2);
    stats.add(
        stat(
            state,
            cohortKey,
            windowEnd,
            CohortSignal.Kind.UNEXPECTED_BOOT,
            state.getBoots(),
            state.getBootHistory()));
    stats.add(
        stat(
            state,
            cohortKey,
            windowEnd,
            CohortSignal.Kind.AUTH_FAILURE,
            state.getAuthFailures(),
            state.getAuthHistory()));
    return stats;
  }

  /** True when nothing is left to count or compare: the state can be cleared. */
  public boolean idle(CohortState state) {
    return state.getActive() == 0
        && state.getBoots().stream().allMatch(c -> c == 0)
        && state.getAuthFailures().stream().allMatch(c -> c == 0)
        && state.getActiveDeltas().stream().allMatch(c -> c == 0);
  }

  /** Adds {@code amount} to the bucket of {@code at}; false when that bucket is gone. */
  private boolean add(CohortState state, List<Long> buckets, long at, long amount) {
    long start = Math.floorDiv(at, bucket) * bucket;
    if (start < state.getFirstBucket()) {
      return false; // every window that could hold it has been evaluated
    }
    if (state.getBoots().isEmpty()) {
      state.setFirstBucket(start);
    }
    int index = (int) ((start - state.getFirstBucket()) / bucket);
    padTo(state.getBoots(), index + 1);
    padTo(state.getAuthFailures(), index + 1);
    padTo(state.getActiveDeltas(), index + 1);
    buckets.set(index, buckets.get(index) + amount);
    return true;
  }

  /** An activity change older than every open bucket still counts, from now on. */
  private static boolean applyNow(CohortState state, long delta) {
    state.setActive(Math.max(0, state.getActive() + delta));
    return true;
  }

  /** Applies the activity changes of buckets that start before {@code windowEnd}. */
  private void applyActivity(CohortState state, long windowEnd) {
    List<Long> deltas = state.getActiveDeltas();
    for (int i = 0; i < deltas.size(); i++) {
      if (state.getFirstBucket() + i * bucket < windowEnd && deltas.get(i) != 0) {
        state.setActive(Math.max(0, state.getActive() + deltas.get(i)));
        deltas.set(i, 0L);
      }
    }
  }

  /** Drops buckets that no window ending at or after {@code windowEnd} contains. */
  private void alignTo(CohortState state, long windowEnd) {
    long keepFrom = windowEnd - window;
    if (state.getBoots().isEmpty()) {
      state.setFirstBucket(keepFrom);
      return;
    }
    while (state.getFirstBucket() < keepFrom && !state.getBoots().isEmpty()) {
      state.getBoots().remove(0);
      state.getAuthFailures().remove(0);
      state.getActiveDeltas().remove(0);
      state.setFirstBucket(state.getFirstBucket() + bucket);
    }
    if (state.getBoots().isEmpty()) {
      state.setFirstBucket(keepFrom);
    }
  }

  private CohortWindowStat stat(
      CohortState state,
      String cohortKey,
      long windowEnd,
      CohortSignal.Kind kind,
      List<Long> buckets,
      List<Double> history) {
    long count = 0;
    for (int i = 0; i < buckets.size(); i++) {
      long start = state.getFirstBucket() + i * bucket;
      if (start >= windowEnd - window && start < windowEnd) {
        count += buckets.get(i);
      }
    }
    CohortWindowStat stat = new CohortWindowStat();
    stat.cohortKey = cohortKey;
    stat.kind = kind;
    stat.windowEnd = windowEnd;
    stat.active = state.getActive();
    stat.count = count;
    stat.baselineWindows = history.size();
    double[] values = history.stream().mapToDouble(Double::doubleValue).toArray();
    stat.baselineMedian = median(values);
    stat.baselineMad = mad(values, stat.baselineMedian);
    stat.anomalous = isAnomalous(stat);
    if (!stat.anomalous && stat.active > 0) {
      history.add(stat.share());
      while (history.size() > config.baselineWindows()) {
        history.remove(0);
      }
    }
    return stat;
  }

  private boolean isAnomalous(CohortWindowStat stat) {
    if (stat.active < config.minActiveDevices() || stat.share() < config.minShare()) {
      return false;
    }
    if (stat.baselineWindows < config.coldStartWindows()) {
      return true; // cold start: the absolute floor is all there is to go by
    }
    double spread = Math.max(stat.baselineMad, 1.0 / stat.active);
    return stat.share() > stat.baselineMedian + config.madMultiplier() * spread;
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return 0.0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static double mad(double[] values, double median) {
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - median);
    }
    return median(deviations);
  }

  private static void padTo(List<Long> buckets, int size) {
    while (buckets.size() < size) {
      buckets.add(0L);
    }
  }

  /** Avro hands out lists that cannot shrink from the front; work on ArrayLists. */
  private static void mutable(CohortState state) {
    if (!(state.getBoots() instanceof ArrayList)) {
      state.setBoots(new ArrayList<>(state.getBoots()));
    }
    if (!(state.getAuthFailures() instanceof ArrayList)) {
      state.setAuthFailures(new ArrayList<>(state.getAuthFailures()));
    }
    if (!(state.getActiveDeltas() instanceof ArrayList)) {
      state.setActiveDeltas(new ArrayList<>(state.getActiveDeltas()));
    }
    if (!(state.getBootHistory() instanceof ArrayList)) {
      state.setBootHistory(new ArrayList<>(state.getBootHistory()));
    }
    if (!(state.getAuthHistory() instanceof ArrayList)) {
      state.setAuthHistory(new ArrayList<>(state.getAuthHistory()));
    }
  }
}
