package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.DistinctBurst;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.state.BurstState;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.schema.Alert;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink face of {@link DistinctBurst}, keyed by the observation key (a source address, or a setting
 * = value); keeps one event-time timer that prunes members and clears the state.
 */
public final class DistinctBurstFunction extends KeyedProcessFunction<String, Observation, Alert> {
  private static final long serialVersionUID = 1L;

  private final DistinctBurst.Rule rule;
  private final String ruleVersion;
  private final int threshold;
  private final Duration within;
  private final Duration suppression;
  private transient DistinctBurst burst;
  private transient ValueState<BurstState> state;
  private transient ValueState<Long> timer;

  public DistinctBurstFunction(
      DistinctBurst.Rule rule,
      String ruleVersion,
      int threshold,
      Duration within,
      Duration suppression) {
    this.rule = rule;
    this.ruleVersion = ruleVersion;
    this.threshold = threshold;
    this.within = within;
    this.suppression = suppression;
  }

  @Override
  public void open(OpenContext openContext) {
    burst = new DistinctBurst(rule, ruleVersion, threshold, within, suppression);
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "burst", new SpecificRecordTypeInfo<>(BurstState.class)));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Long.class));
  }

  @Override
  public void processElement(Observation observation, Context ctx, Collector<Alert> out)
      throws Exception {
    BurstState current = state.value();
    if (current == null) {
      current = DistinctBurst.newState();
    }
    Alert alert = burst.onMember(current, observation.key, observation.member, observation.at);
    if (alert != null) {
      out.collect(alert);
    }
    state.update(current);
    reschedule(current, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    Long due = timer.value();
    if (due == null || due != timestamp) {
      return;
    }
    timer.clear();
    BurstState current = state.value();
    if (current == null || !burst.onTimer(current, timestamp)) {
      state.clear();
      return;
    }
    state.update(current);
    reschedule(current, ctx);
  }

  private void reschedule(BurstState current, Context ctx) throws Exception {
    long next = burst.nextTimer(current);
    Long existing = timer.value();
    if (existing != null && existing == next) {
      return;
    }
    if (existing != null) {
      ctx.timerService().deleteEventTimeTimer(existing);
    }
    ctx.timerService().registerEventTimeTimer(next);
    timer.update(next);
  }
}
