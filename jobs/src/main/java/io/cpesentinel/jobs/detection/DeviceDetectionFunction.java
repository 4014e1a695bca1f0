package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.DetectionOutput;
import io.cpesentinel.detect.DeviceDetector;
import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Flink face of {@link DeviceDetector}: owns the device's state and its one pending event-time
 * timer, and routes what the detector emits (alerts on the main output, cohort signals and
 * adoptions on side outputs). Keyed by device key; Informs on the first input, ACS events on the
 * second.
 */
public final class DeviceDetectionFunction
    extends KeyedCoProcessFunction<String, DeviceInform, AcsEvent, Alert> {
  private static final long serialVersionUID = 1L;

  /** Signals for the per-cohort detectors. */
  public static final OutputTag<CohortSignal> COHORT_SIGNALS =
      new OutputTag<>("cohort-signals", TypeInformation.of(CohortSignal.class));

  /** Unsolicited adoptions of spread-watched values, for campaign detection. */
  public static final OutputTag<Observation> ADOPTIONS =
      new OutputTag<>("adoptions", TypeInformation.of(Observation.class));

  private final Detection detection;
  private transient DeviceDetector detector;
  private transient ValueState<DeviceState> state;
  private transient Counter late;

  public DeviceDetectionFunction(Detection detection) {
    this.detection = detection;
  }

  @Override
  public void open(OpenContext openContext) {
    detector = new DeviceDetector(detection);
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("device", new AvroTypeInfo<>(DeviceState.class)));
    late = getRuntimeContext().getMetricGroup().counter("lateRecords");
  }

  @Override
  public void processElement1(DeviceInform inform, Context ctx, Collector<Alert> out)
      throws Exception {
    long at = ctx.timestamp();
    countLate(at, ctx);
    DeviceState device = load(ctx.getCurrentKey());
    detector.onInform(device, inform, at, new Output(out, ctx));
    store(device, ctx);
  }

  @Override
  public void processElement2(AcsEvent event, Context ctx, Collector<Alert> out) throws Exception {
    long at = ctx.timestamp();
    countLate(at, ctx);
    DeviceState device = load(ctx.getCurrentKey());
    detector.onAcsEvent(device, event, at, new Output(out, ctx));
    store(device, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    DeviceState device = state.value();
    // A state restored from before timerAt existed (0) had this one timer in a state of its own.
    if (device == null || (device.getTimerAt() != 0 && device.getTimerAt() != timestamp)) {
      return; // replaced by an earlier timer
    }
    device.setTimerAt(0);
    if (detector.onTimer(device, timestamp, new Output(out, ctx))) {
      store(device, ctx);
    } else {
      state.clear();
    }
  }

  private DeviceState load(String key) throws Exception {
    DeviceState device = state.value();
    return device != null ? device : DeviceDetector.newState(key);
  }

  /**
   * Saves the state and makes sure a timer fires no later than the detector's next due time. A
   * timer that is already due earlier is kept (it re-arms itself when it fires), so the common
   * case, an Inform moving the device's deadlines later, costs no timer-queue work at all.
   */
  private void store(DeviceState device, Context ctx) throws Exception {
    long next = detector.nextTimer(device);
    long current = device.getTimerAt();
    if (current == 0 || next < current) {
      if (current != 0) {
        ctx.timerService().deleteEventTimeTimer(current);
      }
      ctx.timerService().registerEventTimeTimer(next);
      device.setTimerAt(next);
    }
    state.update(device);
  }

  private void countLate(long at, Context ctx) {
    if (at < ctx.timerService().currentWatermark()) {
      late.inc();
    }
  }

  /** Routes detector output to the collector and the cohort side output. */
  private static final class Output implements DetectionOutput {
    private final Collector<Alert> alerts;
    private final KeyedCoProcessFunction<String, DeviceInform, AcsEvent, Alert>.Context ctx;

    Output(
        Collector<Alert> alerts,
        KeyedCoProcessFunction<String, DeviceInform, AcsEvent, Alert>.Context ctx) {
      this.alerts = alerts;
      this.ctx = ctx;
    }

    @Override
    public void alert(Alert alert) {
      alerts.collect(alert);
    }

    @Override
    public void cohortSignal(CohortSignal signal) {
      ctx.output(COHORT_SIGNALS, signal);
    }

    @Override
    public void adoption(Observation adoption) {
      ctx.output(ADOPTIONS, adoption);
    }
  }
}
