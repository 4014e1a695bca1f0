package io.cpesentinel.jobs.bench;

import io.cpesentinel.detect.CohortSignal;
import io.cpesentinel.detect.DetectionOutput;
import io.cpesentinel.detect.DeviceDetector;
import io.cpesentinel.detect.InformSlimmer;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.jobs.avro.SpecificRecordSerializer;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.DeviceKeys;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * The per-device state's serializer against Flink's {@link AvroSerializer}, side by side in one
 * run, on a device state the detector built from the bench's realistic TR-181 Informs (a boot, then
 * a periodic Inform): into an in-memory buffer (what RocksDB state access does per read and write),
 * into a stream of several layers (what a heap backend's full snapshot writes to), and read back.
 *
 * <p>Usage: {@code StateSerializerBench [rounds=5] [values per round=300000]}.
 */
public final class StateSerializerBench {
  private StateSerializerBench() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    DeviceState state = realisticState();
    TypeSerializer<DeviceState> flinks = new AvroSerializer<>(DeviceState.class);
    TypeSerializer<DeviceState> ours = new SpecificRecordSerializer<>(DeviceState.class);
    DataOutputSerializer buffer = new DataOutputSerializer(4096);
    flinks.serialize(state, buffer);
    byte[] bytes = buffer.getCopyOfBuffer();
    System.out.printf(
        "== state serializer bench: a DeviceState of %d bytes (%d critical values), %,d values"
            + " per measurement, %d rounds (the first warms up)%n",
        bytes.length, state.getValues().size() / 2, n, rounds);
    DataOutputViewStreamWrapper stream = new DataOutputViewStreamWrapper(new Layers(new Sink()));
    DataInputDeserializer in = new DataInputDeserializer();
    for (int round = 1; round <= rounds; round++) {
      long flinkBuffer =
          time(
              n,
              () -> {
                buffer.clear();
                flinks.serialize(state, buffer);
              });
      long oursBuffer =
          time(
              n,
              () -> {
                buffer.clear();
                ours.serialize(state, buffer);
              });
      long flinkStream = time(n, () -> flinks.serialize(state, stream));
      long oursStream = time(n, () -> ours.serialize(state, stream));
      long flinkRead =
          time(
              n,
              () -> {
                in.setBuffer(bytes);
                flinks.deserialize(in);
              });
      long oursRead =
          time(
              n,
              () -> {
                in.setBuffer(bytes);
                ours.deserialize(in);
              });
      System.out.printf(
          "  round %d: write to a buffer Flink's %.2f µs, ours %.2f µs (%.2fx) | to a stream"
              + " %.2f, %.2f µs (%.2fx) | read %.2f, %.2f µs (%.2fx)%n",
          round,
          flinkBuffer / 1e3 / n,
          oursBuffer / 1e3 / n,
          (double) flinkBuffer / oursBuffer,
          flinkStream / 1e3 / n,
          oursStream / 1e3 / n,
          (double) flinkStream / oursStream,
          flinkRead / 1e3 / n,
          oursRead / 1e3 / n,
          (double) flinkRead / oursRead);
    }
  }

  private interface Step {
    void run() throws IOException;
  }

  private static long time(int n, Step step) throws IOException {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      step.run();
    }
    return System.nanoTime() - start;
  }

  private static DeviceState realisticState() {
    Detection detection = ConfigFiles.defaults();
    DeviceDetector detector = new DeviceDetector(detection);
    InformSlimmer slimmer = new InformSlimmer(detection);
    DeviceState state = DeviceDetector.newState(DeviceKeys.of(BenchInforms.device(7)));
    DetectionOutput ignore =
        new DetectionOutput() {
          @Override
          public void alert(Alert alert) {}

          @Override
          public void cohortSignal(CohortSignal signal) {}

          @Override
          public void adoption(Observation adoption) {}
        };
    for (int round : List.of(0, 1)) {
      long at = 1_700_000_000_000L + round * 600_000L;
      detector.onInform(state, slimmer.slim(BenchInforms.inform(7, at, round)), at, ignore);
    }
    return state;
  }

  /** Counts bytes; synchronized like the checkpoint streams. */
  private static final class Sink extends OutputStream {
    private long count;

    @Override
    public synchronized void write(int b) {
      count++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** One more layer in between, as a snapshot's stream has several. */
  private static final class Layers extends FilterOutputStream {
    Layers(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }
  }
}
