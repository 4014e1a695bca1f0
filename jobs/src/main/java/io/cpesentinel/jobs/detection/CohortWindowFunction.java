package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CohortDetector;
import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.CohortWindowStat;
import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.state.CohortState;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink face of {@link CohortDetector}, keyed by cohort: counts signals into buckets and, at each
 * bucket end while the cohort has active devices, emits the cohort's window stats (stamped bucket
 * end - 1, so the comparator's timer at that time sees every cohort's stats).
 */
public final class CohortWindowFunction
    extends KeyedProcessFunction<String, CohortSignal, CohortWindowStat> {
  private static final long serialVersionUID = 1L;

  private final DetectionConfig.Cohort config;
  private transient CohortDetector detector;
  private transient ValueState<CohortState> state;
  private transient ValueState<Long> timer;
  private transient Counter late;

  public CohortWindowFunction(DetectionConfig.Cohort config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    detector = new CohortDetector(config);
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "cohort", new SpecificRecordTypeInfo<>(CohortState.class)));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Long.class));
    late = getRuntimeContext().getMetricGroup().counter("lateSignals");
  }

  @Override
  public void processElement(CohortSignal signal, Context ctx, Collector<CohortWindowStat> out)
      throws Exception {
    CohortState cohort = state.value();
    if (cohort == null) {
      cohort = CohortDetector.newState();
    }
    if (!detector.onSignal(cohort, signal)) {
      late.inc();
    }
    state.update(cohort);
    if (timer.value() == null) {
      long due = detector.bucketEnd(signal.at) - 1;
      ctx.timerService().registerEventTimeTimer(due);
      timer.update(due);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CohortWindowStat> out)
      throws Exception {
    timer.clear();
    CohortState cohort = state.value();
    if (cohort == null) {
      return;
    }
    for (CohortWindowStat stat : detector.evaluate(cohort, ctx.getCurrentKey(), timestamp + 1)) {
      out.collect(stat);
    }
    if (detector.idle(cohort)) {
      state.clear();
      return;
    }
    state.update(cohort);
    long next = timestamp + config.bucket().toMillis();
    ctx.timerService().registerEventTimeTimer(next);
    timer.update(next);
  }
}
