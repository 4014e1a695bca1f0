package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.DeviceDetector;
import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The device detectors as the job ran them before the device clock: the whole DeviceState, alone in
 * keyed state under the same name, read and written at every event, its timer at exactly the next
 * due time. The reference the clock's shortcuts are checked against, and the writer of state in the
 * layout of earlier versions.
 */
final class WholeStateDetectionFunction
    extends KeyedCoProcessFunction<String, DeviceInform, AcsEvent, Alert> {
  private transient DeviceDetector detector;
  private transient ValueState<DeviceState> state;

  @Override
  public void open(OpenContext openContext) {
    detector = new DeviceDetector(ConfigFiles.defaults());
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("device", new AvroTypeInfo<>(DeviceState.class)));
  }

  @Override
  public void processElement1(DeviceInform inform, Context ctx, Collector<Alert> out)
      throws Exception {
    DeviceState device = load(ctx);
    detector.onInform(
        device, inform, ctx.timestamp(), new DeviceDetectionFunction.Output(out, ctx));
    store(device, ctx);
  }

  @Override
  public void processElement2(AcsEvent event, Context ctx, Collector<Alert> out) throws Exception {
    DeviceState device = load(ctx);
    detector.onAcsEvent(
        device, event, ctx.timestamp(), new DeviceDetectionFunction.Output(out, ctx));
    store(device, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    DeviceState device = state.value();
    if (device == null || device.getTimerAt() != timestamp) {
      return;
    }
    device.setTimerAt(0);
    if (detector.onTimer(device, timestamp, new DeviceDetectionFunction.Output(out, ctx))) {
      store(device, ctx);
    } else {
      state.clear();
    }
  }

  private DeviceState load(Context ctx) throws Exception {
    DeviceState device = state.value();
    return device != null ? device : DeviceDetector.newState(ctx.getCurrentKey());
  }

  private void store(DeviceState device, Context ctx) throws Exception {
    long next = detector.nextTimer(device);
    if (device.getTimerAt() != next) {
      if (device.getTimerAt() != 0) {
        ctx.timerService().deleteEventTimeTimer(device.getTimerAt());
      }
      ctx.timerService().registerEventTimeTimer(next);
      device.setTimerAt(next);
    }
    state.update(device);
  }
}
