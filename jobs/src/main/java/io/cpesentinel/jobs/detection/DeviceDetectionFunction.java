package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.DetectionOutput;
import io.cpesentinel.detect.DeviceDetector;
import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.InformDigest;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.DeviceClock;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import java.security.SecureRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Flink face of {@link DeviceDetector}: owns the device's state and its one pending event-time
 * timer, and routes what the detector emits (alerts on the main output, cohort signals and
 * adoptions on side outputs). Keyed by device key; Informs on the first input, ACS events on the
 * second.
 *
 * <p>The state is in two parts: the whole {@link DeviceState}, and its {@link DeviceClock}, the few
 * times every event moves. An Inform that repeats the device's last one, and a timer that finds
 * nothing due but has to re-arm, read and write only the clock: on RocksDB that is tens of bytes
 * per event instead of the whole state's 1-2 KB, deserialized, re-encoded and compacted.
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

  /**
   * The key of the Inform digests, drawn when the job is built: it travels with the job graph, so a
   * job recovering from a checkpoint keeps comparing digests (a new submission from a savepoint
   * draws a new one, and each device's next Inform takes the whole-state path once).
   */
  private final long digestKey0 = new SecureRandom().nextLong();

  private final long digestKey1 = new SecureRandom().nextLong();

  private transient DeviceDetector detector;
  private transient InformDigest digests;
  private transient ValueState<DeviceState> state;
  private transient ValueState<DeviceClock> clocks;
  private transient Counter late;

  public DeviceDetectionFunction(Detection detection) {
    this.detection = detection;
  }

  @Override
  public void open(OpenContext openContext) {
    detector = new DeviceDetector(detection);
    digests = new InformDigest(digestKey0, digestKey1);
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "device", new SpecificRecordTypeInfo<>(DeviceState.class)));
    clocks =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "clock", new SpecificRecordTypeInfo<>(DeviceClock.class)));
    late = getRuntimeContext().getMetricGroup().counter("lateRecords");
  }

  @Override
  public void processElement1(DeviceInform inform, Context ctx, Collector<Alert> out)
      throws Exception {
    long at = ctx.timestamp();
    countLate(at, ctx);
    DeviceClock clock = clocks.value();
    long digest = digests.of(inform);
    if (clock != null && detector.onRepeatedInform(clock, inform, digest, at)) {
      arm(clock, ctx);
      clocks.update(clock);
      return;
    }
    DeviceState device = load(ctx.getCurrentKey(), clock);
    detector.onInform(device, inform, at, new Output(out, ctx));
    store(device, digest, ctx);
  }

  @Override
  public void processElement2(AcsEvent event, Context ctx, Collector<Alert> out) throws Exception {
    long at = ctx.timestamp();
    countLate(at, ctx);
    DeviceClock clock = clocks.value();
    DeviceState device = load(ctx.getCurrentKey(), clock);
    detector.onAcsEvent(device, event, at, new Output(out, ctx));
    store(device, clock != null ? clock.getInformDigest() : 0, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    DeviceClock clock = clocks.value();
    if (clock == null) {
      // Restored from a savepoint taken before the clock existed: the state held the times.
      DeviceState device = state.value();
      if (device == null) {
        return;
      }
      clock = detector.clockOf(device, 0);
    }
    if (clock.getTimerAt() != 0 && clock.getTimerAt() != timestamp) {
      return; // replaced by an earlier timer
    }
    clock.setTimerAt(0);
    if (detector.nextTimer(clock) > timestamp) {
      // The device informed since the timer was set: only the next due time moved.
      arm(clock, ctx);
      clocks.update(clock);
      return;
    }
    if (detector.forgetsQuietly(clock, timestamp)) {
      state.clear();
      clocks.clear();
      return;
    }
    DeviceState device = load(ctx.getCurrentKey(), clock);
    if (detector.onTimer(device, timestamp, new Output(out, ctx))) {
      store(device, clock.getInformDigest(), ctx);
    } else {
      state.clear();
      clocks.clear();
    }
  }

  /** The whole state, with the clock's current times (null clock: none yet, or an old state). */
  private DeviceState load(String key, DeviceClock clock) throws Exception {
    DeviceState device = state.value();
    if (device == null) {
      device = DeviceDetector.newState(key);
    }
    if (clock != null) {
      DeviceDetector.applyClock(clock, device);
    }
    return device;
  }

  /** Saves the whole state and its clock, the timer armed for the detector's next due time. */
  private void store(DeviceState device, long informDigest, Context ctx) throws Exception {
    DeviceClock clock = detector.clockOf(device, informDigest);
    arm(clock, ctx);
    device.setTimerAt(clock.getTimerAt());
    state.update(device);
    clocks.update(clock);
  }

  /**
   * Makes sure a timer fires no later than the detector's next due time. A timer that is already
   * due earlier is kept (it re-arms itself when it fires), so the common case, an Inform moving the
   * device's deadlines later, costs no timer-queue work at all.
   */
  private void arm(DeviceClock clock, Context ctx) {
    long next = detector.nextTimer(clock);
    long current = clock.getTimerAt();
    if (current == 0 || next < current) {
      if (current != 0) {
        ctx.timerService().deleteEventTimeTimer(current);
      }
      ctx.timerService().registerEventTimeTimer(next);
      clock.setTimerAt(next);
    }
  }

  private void countLate(long at, Context ctx) {
    if (at < ctx.timerService().currentWatermark()) {
      late.inc();
    }
  }

  /**
   * Routes detector output to the collector and the cohort side output (also the tests' reference
   * operator's).
   */
  static final class Output implements DetectionOutput {
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
