package io.cpesentinel.jobs.bench;

import io.cpesentinel.deploy.local.Elasticsearch;
import io.cpesentinel.deploy.local.LocalStack;
import io.cpesentinel.deploy.local.StackProvisioner;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.jobs.RecentTime;
import io.cpesentinel.jobs.detection.DetectionJob;
import io.cpesentinel.jobs.detection.JobSettings;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.Topic;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the detection job against a plain KafkaConsumer decode loop over the same topic, in
 * one run on one machine (the ratio is what to compare; the machines are noisy). Starts its own
 * local stack, pre-fills cpe.inform with {@code informs} realistic Informs of {@code devices}
 * devices, then times both readers. Run with {@code jobs/bench/detection-bench}.
 *
 * <p>The job's rate is that of a known fleet past its first round: the records counted into the
 * per-device operator (Flink's metrics) are timed from the end of the first round (one Inform per
 * device, each on the whole-state path) to the last record. That leaves out the job's start, the
 * fleet's first Informs and the end of the bounded input, where Flink moves event time to its end
 * and every device's timers fire at once, as if the fleet fell silent for a week. The whole run's
 * rate, from RUNNING to the job's end, is printed too. Each reader first runs once over the first
 * round, untimed, so that neither is timed while the JIT compiles it.
 */
public final class DetectionBench {
  private static final String FIRST_ROUND_TOPIC = "bench.inform.first-round";

  private DetectionBench() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int informs = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String rules = args.length > 3 ? args[3] : "both";
    if (!List.of("both", "on", "off").contains(rules)) {
      throw new IllegalArgumentException("rules: both, on or off (was " + rules + ")");
    }
    String backend = args.length > 4 ? args[4] : "hashmap";
    if (!List.of("hashmap", "rocksdb").contains(backend)) {
      throw new IllegalArgumentException("backend: hashmap or rocksdb (was " + backend + ")");
    }
    try (LocalStack stack = LocalStack.startOnFreePorts("bench")) {
      Map<Topic, String> topics = new EnumMap<>(Topic.class);
      for (Topic topic : Topic.values()) {
        topics.put(topic, topic.topicName());
      }
      try (Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
          var es = Elasticsearch.client(stack.elasticsearchUrl())) {
        new StackProvisioner(admin, es).createTopics(topics);
        new StackProvisioner(admin, es).createTopics(firstRoundTopics(topics));
      }
      long bytes = fill(stack.kafkaBootstrap(), devices, informs);
      System.out.printf(
          "filled cpe.inform: %,d Informs of %,d devices, %,d bytes of values (%.0f B/record)%n",
          informs, devices, bytes, (double) bytes / informs);

      // Warm-up (JIT): each reader once over the first round, untimed.
      plainLoop(stack.kafkaBootstrap(), FIRST_ROUND_TOPIC, devices);
      Phase plain =
          Phase.measure(
              informs,
              () -> plainLoop(stack.kafkaBootstrap(), Topic.CPE_INFORM.topicName(), informs));
      // Same data, same JVM, one after the other: correlation rules off, then on.
      JobRuns off =
          rules.equals("on")
              ? JobRuns.SKIPPED
              : JobRuns.measure(
                  stack.kafkaBootstrap(), topics, informs, devices, parallelism, backend, false);
      JobRuns on =
          rules.equals("off")
              ? JobRuns.SKIPPED
              : JobRuns.measure(
                  stack.kafkaBootstrap(), topics, informs, devices, parallelism, backend, true);
      System.out.printf(
          "load average during the runs: %.1f; Informs/s (wall clock), and Informs per CPU-second"
              + " of this process (the broker runs in its own)%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf("plain KafkaConsumer decode loop:              %s%n", plain);
      report("off", parallelism, off, plain);
      report("on ", parallelism, on, plain);
      System.out.printf(
          "ratio rules on / rules off:                   %.2f wall, %.2f CPU (past the first"
              + " round)%n",
          on.steady().perSecond() / off.steady().perSecond(),
          on.steady().perCpu() / off.steady().perCpu());
    }
  }

  private static void report(String rules, int parallelism, JobRuns runs, Phase plain) {
    Phase steady = runs.steady();
    System.out.printf(
        "detection job, EPL rules %s (parallelism %d): %s past the first round (ratio to plain"
            + " %.2f wall, %.2f CPU); whole run from RUNNING, first round and end of input included:"
            + " %,.0f Informs/s (%.2f)%n",
        rules,
        parallelism,
        steady,
        steady.perSecond() / plain.perSecond(),
        steady.perCpu() / plain.perCpu(),
        runs.whole().perSecond(),
        runs.whole().perSecond() / plain.perSecond());
  }

  /** The topics with cpe.inform replaced by the one holding the first round only. */
  private static Map<Topic, String> firstRoundTopics(Map<Topic, String> topics) {
    Map<Topic, String> firstRound = new EnumMap<>(topics);
    firstRound.put(Topic.CPE_INFORM, FIRST_ROUND_TOPIC);
    return firstRound;
  }

  /** Both topics: every Inform in cpe.inform, those of the first round also in the other one. */
  private static long fill(String bootstrap, int devices, int informs) {
    AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
    long start = System.nanoTime();
    long bytes = 0;
    long t0 = BenchClock.T0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < informs; i++) {
        int device = i % devices;
        int round = i / devices;
        // Every device informs once per 600 s round, spread over the round.
        long at = t0 + round * 600_000L + (long) device * 600_000L / devices;
        CwmpInform inform = BenchInforms.inform(device, at, round);
        byte[] value = codec.encode(inform);
        byte[] key = DeviceKeys.of(inform.getDeviceId()).getBytes(StandardCharsets.UTF_8);
        bytes += value.length;
        producer.send(new ProducerRecord<>(Topic.CPE_INFORM.topicName(), null, at, key, value));
        if (round == 0) {
          producer.send(new ProducerRecord<>(FIRST_ROUND_TOPIC, null, at, key, value));
        }
      }
    }
    System.out.printf("produced in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return bytes;
  }

  /** A job's whole run, and its steady part: the Informs past the first round. */
  record JobRuns(Phase whole, Phase steady) {
    static final JobRuns SKIPPED = new JobRuns(Phase.SKIPPED, Phase.SKIPPED);

    static JobRuns measure(
        String bootstrap,
        Map<Topic, String> topics,
        int informs,
        int devices,
        int parallelism,
        String backend,
        boolean correlation)
        throws Exception {
      detectionJob(
          bootstrap,
          firstRoundTopics(topics),
          devices,
          0,
          parallelism,
          backend,
          correlation,
          "warm-up");
      return detectionJob(
          bootstrap, topics, informs, devices, parallelism, backend, correlation, "whole");
    }
  }

  /** One timed phase: wall-clock and process CPU seconds for {@code records} Informs. */
  record Phase(long records, double seconds, double cpuSeconds) {
    static final Phase SKIPPED = new Phase(0, Double.NaN, Double.NaN);

    interface Run {
      void run() throws Exception;
    }

    static Phase measure(long records, Run run) throws Exception {
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      run.run();
      return new Phase(
          records, (System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
    }

    double perSecond() {
      return records / seconds;
    }

    double perCpu() {
      return records / cpuSeconds;
    }

    @Override
    public String toString() {
      return String.format("%,.0f Informs/s, %,.0f per CPU-second", perSecond(), perCpu());
    }
  }

  private static void plainLoop(String bootstrap, String topic, int expected)
      throws RecordDecodingException {
    AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-plain-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long start = System.nanoTime();
      long deadline = start + Duration.ofMinutes(15).toNanos();
      long read = 0;
      long checksum = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("plain loop stalled after " + read + " records");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          checksum += codec.decode(record.value()).getParameters().size();
          if (++read % 500_000 == 0) {
            System.out.printf("  plain loop: %,d records%n", read);
          }
        }
      }
      if (read != expected) {
        throw new IllegalStateException("read " + read + " records, expected " + expected);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "plain loop: %,d records in %.1f s (checksum %d)%n", read, seconds, checksum);
    }
  }

  /**
   * Runs the job over {@code topics} to its end; times it from RUNNING, and from the moment the
   * per-device operator has counted {@code steadyFrom} records to the moment it has counted them
   * all.
   */
  private static JobRuns detectionJob(
      String bootstrap,
      Map<Topic, String> topics,
      int expected,
      int steadyFrom,
      int parallelism,
      String backend,
      boolean correlation,
      String run)
      throws Exception {
    java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("detection-bench");
    Configuration state = new Configuration();
    if (backend.equals("rocksdb")) {
      // As deployed (deploy/k8s/flink/detection.yaml), in the local environment's managed memory.
      state.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      state.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
      state.addAll(DeployedRocksDb.tuning());
    }
    InMemoryReporter metrics = InMemoryReporter.create();
    metrics.addToConfiguration(state);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(state);
    env.setParallelism(parallelism);
    DetectionJob.build(
        env,
        new JobSettings(
            bootstrap,
            "bench-job-rules-" + (correlation ? "on-" : "off-") + run,
            topics,
            Duration.ofSeconds(10),
            checkpoints.toUri().toString(),
            true),
        ConfigFiles.defaults().withCorrelationEnabled(correlation));
    long start = System.nanoTime();
    JobClient job =
        env.executeAsync("detection-bench-rules-" + (correlation ? "on-" : "off-") + run);
    // When the job is RUNNING its tasks are being deployed: what comes after is (nearly) reading.
    long deadline = start + Duration.ofMinutes(2).toNanos();
    while (job.getJobStatus().get() != JobStatus.RUNNING
        && !job.getJobStatus().get().isTerminalState()
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long running = System.nanoTime();
    long runningCpu = os.getProcessCpuTime();
    long steadyStart = 0;
    long steadyStartCpu = 0;
    long steadyEnd = 0;
    long steadyEndCpu = 0;
    CompletableFuture<?> result = job.getJobExecutionResult();
    while (!result.isDone()) {
      long counted = recordsIn(metrics, job.getJobID());
      if (steadyStart == 0 && counted >= steadyFrom) {
        steadyStart = System.nanoTime();
        steadyStartCpu = os.getProcessCpuTime();
      }
      if (steadyEnd == 0 && counted >= expected) {
        steadyEnd = System.nanoTime();
        steadyEndCpu = os.getProcessCpuTime();
      }
      Thread.sleep(10); // a sampling period: 10 ms in runs of tens of seconds
    }
    result.get();
    long end = System.nanoTime();
    if (steadyEnd == 0) {
      throw new IllegalStateException(
          "the per-device operator's record count never reached " + expected);
    }
    System.out.printf(
        "detection job, EPL rules %s, %s: %,d records in %.1f s including job start; %.1f s from"
            + " RUNNING = %,.0f Informs/s%n",
        correlation ? "on" : "off",
        run,
        expected,
        (end - start) / 1e9,
        (end - running) / 1e9,
        expected / ((end - running) / 1e9));
    return new JobRuns(
        new Phase(expected, (end - running) / 1e9, (os.getProcessCpuTime() - runningCpu) / 1e9),
        new Phase(
            expected - steadyFrom,
            (steadyEnd - steadyStart) / 1e9,
            (steadyEndCpu - steadyStartCpu) / 1e9));
  }

  /** Records into the per-device operator so far, over its subtasks. */
  private static long recordsIn(InMemoryReporter metrics, JobID job) {
    return metrics.findOperatorMetricGroups(job, "per-device detectors").stream()
        .mapToLong(group -> group.getIOMetricGroup().getNumRecordsInCounter().getCount())
        .sum();
  }

  /** Event times of the benchmark fleet start here (see {@link RecentTime}). */
  static final class BenchClock {
    static final long T0 = RecentTime.hoursAgo(6);

    private BenchClock() {}
  }
}
