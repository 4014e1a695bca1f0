package io.cpesentinel.jobs.bench;

import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.InformSlimmer;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.jobs.detection.DeviceDetectionFunction;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Memory the per-device detection state takes in a real Flink keyed state backend: the job's own
 * operator (state, and its one timer per device) fed two realistic Informs per device, then the JVM
 * heap it holds, measured after full GCs. Run for the heap backend and for RocksDB (as production
 * runs it: deploy/k8s), where it also prints the process's resident memory growth and the bytes
 * RocksDB wrote to disk. Run with {@code jobs/bench/device-state-heap [devices]
 * [hashmap|rocksdb|both]}.
 */
public final class DeviceStateHeap {
  /** RocksDB's memtables and block cache, bounded whatever the number of devices. */
  static final String ROCKSDB_MEMORY = "256mb";

  private DeviceStateHeap() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String which = args.length > 1 ? args[1] : "both";
    if (!List.of("both", "hashmap", "rocksdb").contains(which)) {
      throw new IllegalArgumentException("backend: hashmap, rocksdb or both (was " + which + ")");
    }
    Detection detection = ConfigFiles.defaults();
    if (!which.equals("rocksdb")) {
      measure("heap (HashMapStateBackend)", new HashMapStateBackend(), null, devices, detection);
    }
    if (!which.equals("hashmap")) {
      Path dir = Files.createTempDirectory("device-state-rocksdb");
      EmbeddedRocksDBStateBackend rocksdb =
          new EmbeddedRocksDBStateBackend()
              .configure(DeployedRocksDb.tuning(), DeviceStateHeap.class.getClassLoader());
      rocksdb.setDbStoragePath(dir.toString());
      // What a task slot gets in production (managed memory); the harness would give 512 KB.
      rocksdb.getMemoryConfiguration().setFixedMemoryPerSlot(MemorySize.parse(ROCKSDB_MEMORY));
      measure("RocksDB (EmbeddedRocksDBStateBackend)", rocksdb, dir, devices, detection);
    }
  }

  private static void measure(
      String name, StateBackend backend, Path dbDir, int devices, Detection detection)
      throws Exception {
    InformSlimmer slimmer = new InformSlimmer(detection);
    try (KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new DeviceDetectionFunction(detection)),
            (DeviceInform i) -> i.deviceKey,
            AcsEvent::getDeviceKey,
            Types.STRING)) {
      harness.setStateBackend(backend);
      harness.open();
      // Warm up the detector's memos (paths, shared strings) before the baseline.
      for (int d = 0; d < 1_000; d++) {
        feed(harness, slimmer, d, 0);
      }
      long heapBefore = usedHeap();
      long rssBefore = residentBytes();
      long start = System.nanoTime();
      for (int round = 0; round < 2; round++) {
        for (int d = 1_000; d < devices; d++) {
          feed(harness, slimmer, d, round);
          if (d % 10_000 == 0) {
            discardOutputs(harness);
          }
        }
      }
      discardOutputs(harness);
      double seconds = (System.nanoTime() - start) / 1e9;
      long heap = usedHeap() - heapBefore;
      long rss = residentBytes() - rssBefore;
      int measured = devices - 1_000;
      System.out.printf(
          "%s, %,d devices (2 Informs each, %.0f Informs/s through the operator):%n"
              + "  heap  %,d bytes in all, %.0f bytes per device%n"
              + "  resident memory of the process grew %,d MB (the heap, and for RocksDB its"
              + " memtables and block cache, bounded at "
              + ROCKSDB_MEMORY
              + ")%n",
          name,
          measured,
          2.0 * measured / seconds,
          heap,
          (double) heap / measured,
          rss >> 20);
      if (dbDir != null) {
        long disk = directoryBytes(dbDir);
        System.out.printf(
            "  RocksDB files %,d bytes, %.0f bytes per device (before compaction)%n",
            disk, (double) disk / measured);
      }
    }
  }

  private static void feed(
      KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> harness,
      InformSlimmer slimmer,
      int device,
      int round)
      throws Exception {
    long at = DetectionBench.BenchClock.T0 + round * 600_000L + device % 600_000;
    harness.processElement1(
        new StreamRecord<>(slimmer.slim(BenchInforms.inform(device, at, round)), at));
  }

  /** The harness keeps every output; the detector's signals are not what is measured. */
  private static void discardOutputs(
      KeyedTwoInputStreamOperatorTestHarness<String, DeviceInform, AcsEvent, Alert> harness) {
    harness.getOutput().clear();
    clear(harness.getSideOutput(DeviceDetectionFunction.COHORT_SIGNALS));
    clear(harness.getSideOutput(DeviceDetectionFunction.ADOPTIONS));
  }

  private static void clear(java.util.Collection<?> output) {
    if (output != null) {
      output.clear();
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** VmRSS of this process (Linux), or 0 where /proc is not there. */
  private static long residentBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(DeviceStateHeap::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // RocksDB removed it meanwhile (a compaction)
    }
  }
}
