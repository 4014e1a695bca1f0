package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CohortComparator;
import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.CohortWindowStat;
import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.state.OpenIncident;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.schema.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink face of {@link CohortComparator}, keyed by signal kind: gathers every cohort's stats of a
 * window and compares them when the watermark passes the window's end.
 */
public final class CohortComparatorFunction
    extends KeyedProcessFunction<String, CohortWindowStat, Alert> {
  private static final long serialVersionUID = 1L;

  private final DetectionConfig config;
  private transient CohortComparator comparator;
  private transient MapState<Long, List<CohortWindowStat>> pending;
  private transient MapState<String, OpenIncident> open;

  public CohortComparatorFunction(DetectionConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    comparator = new CohortComparator(config);
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending",
                    Types.LONG,
                    new ListTypeInfo<>(TypeInformation.of(CohortWindowStat.class))));
    open =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "open", Types.STRING, new SpecificRecordTypeInfo<>(OpenIncident.class)));
  }

  @Override
  public void processElement(CohortWindowStat stat, Context ctx, Collector<Alert> out)
      throws Exception {
    List<CohortWindowStat> stats = pending.get(stat.windowEnd);
    if (stats == null) {
      stats = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(stat.windowEnd - 1);
    }
    stats.add(stat);
    pending.put(stat.windowEnd, stats);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    long windowEnd = timestamp + 1;
    List<CohortWindowStat> stats = pending.get(windowEnd);
    pending.remove(windowEnd);
    Map<String, OpenIncident> incidents = new HashMap<>();
    for (Map.Entry<String, OpenIncident> entry : open.entries()) {
      incidents.put(entry.getKey(), entry.getValue());
    }
    List<Alert> alerts =
        comparator.evaluate(
            CohortSignal.Kind.valueOf(ctx.getCurrentKey()),
            windowEnd,
            stats == null ? List.of() : stats,
            incidents);
    alerts.forEach(out::collect);
    open.clear();
    open.putAll(incidents);
    long next = comparator.nextCheck(windowEnd, incidents);
    if (next != Long.MAX_VALUE) {
      // Open incidents must be looked at even if no cohort sends stats (Flink dedups timers).
      ctx.timerService().registerEventTimeTimer(next - 1);
    }
  }
}
