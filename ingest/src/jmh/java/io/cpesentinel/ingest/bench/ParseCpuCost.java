package io.cpesentinel.ingest.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The per-core figure of {@link InformParseEncodeBenchmark}, measured in CPU time: Informs parsed,
 * built and encoded per CPU-second of this process (the one working thread, plus the garbage
 * collector's and the JIT compiler's threads, so their share of the cost is counted too). On a
 * shared machine wall-clock throughput falls whenever another process takes the core; CPU time does
 * not, so this is the figure to compare against a "per core" target there (JMH's wall-clock figure
 * is the one to use on a quiet machine).
 *
 * <p>Usage: {@code ParseCpuCost [warm-up CPU seconds=10] [measured CPU seconds=10]}, each per Inform.
 */
public final class ParseCpuCost {
  private ParseCpuCost() {}

  public static void main(String[] args) throws Exception {
    long warmup = TimeUnit.SECONDS.toNanos(args.length > 0 ? Long.parseLong(args[0]) : 10);
    long measured = TimeUnit.SECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 10);
    OperatingSystemMXBean process =
        ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    long totalCount = 0;
    long totalCpu = 0;
    long encodedBytes = 0;
    for (String inform : InformParseEncodeBenchmark.INFORMS) {
      InformParseEncodeBenchmark bench = new InformParseEncodeBenchmark();
      bench.inform = inform;
      bench.setUp();
      runFor(bench, warmup, process);
      long cpuBefore = process.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      Work work = runFor(bench, measured, process);
      long count = work.informs();
      encodedBytes += work.encodedBytes();
      long cpu = process.getProcessCpuTime() - cpuBefore;
      long wall = System.nanoTime() - wallBefore;
      totalCount += count;
      totalCpu += cpu;
      System.out.printf(
          "%-28s %8.0f Informs per CPU-second  (%8.0f per wall-second, %.0f%% of a core)%n",
          inform, count / (cpu / 1e9), count / (wall / 1e9), 100.0 * cpu / wall);
    }
    System.out.printf(
        "RESULT parse_build_encode_per_cpu_second=%.0f (the four Informs, equal CPU time each;"
            + " %d bytes encoded)%n",
        totalCount / (totalCpu / 1e9), encodedBytes);
  }

  private record Work(long informs, long encodedBytes) {}

  /** Runs for {@code cpuNanos} of process CPU time; the bytes keep the work from being elided. */
  private static Work runFor(
      InformParseEncodeBenchmark bench, long cpuNanos, OperatingSystemMXBean process)
      throws Exception {
    long end = process.getProcessCpuTime() + cpuNanos;
    long informs = 0;
    long bytes = 0;
    do {
      for (int i = 0; i < 256; i++) {
        bytes += bench.parseBuildEncode().length;
      }
      informs += 256;
    } while (process.getProcessCpuTime() < end);
    return new Work(informs, bytes);
  }
}
