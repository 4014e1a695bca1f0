package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.DeviceInformDecoder;
import io.cpesentinel.detect.DistinctBurst;
import io.cpesentinel.detect.Observation;
import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.jobs.kafka.AlertSerializer;
import io.cpesentinel.jobs.kafka.DeadLetterSerializer;
import io.cpesentinel.jobs.kafka.DecodeOrDeadLetter;
import io.cpesentinel.jobs.kafka.RawRecord;
import io.cpesentinel.jobs.kafka.RawRecordDeserializer;
import io.cpesentinel.jobs.kafka.RejectedRecord;
import io.cpesentinel.jobs.kafka.RuleStatusSerializer;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.RuleModule;
import io.cpesentinel.schema.Topic;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The detection job: reads {@code cpe.inform} and {@code acs.events}, runs the per-device detectors
 * keyed by device key, and writes alerts to {@code cpe.alerts}. Event time is the Kafka record
 * timestamp (the ingest's received-at), with bounded out-of-orderness and idleness from the
 * detection config; undecodable records go to each topic's dead-letter twin.
 */
public final class DetectionJob {
  /**
   * Every operator that emits alerts declares this one type, so that their streams union (Flink's
   * type extraction would give them its own Avro type instead).
   */
  private static final TypeInformation<Alert> ALERTS = new SpecificRecordTypeInfo<>(Alert.class);

  private static final String DECODE_STAGE = "detection.decode";

  private DetectionJob() {}

  /**
   * Usage: {@code DetectionJob <kafka-bootstrap> <checkpoint-dir-uri> [detection.yaml]
   * [critical-parameters.yaml]}; without files the shipped rules are used.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: DetectionJob <kafka-bootstrap> <checkpoint-dir-uri> [detection.yaml]"
              + " [critical-parameters.yaml]");
      System.exit(2);
    }
    Detection detection =
        ConfigFiles.load(
            args.length > 2 ? Path.of(args[2]) : null, args.length > 3 ? Path.of(args[3]) : null);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobSettings settings = JobSettings.defaults(args[0], args[1]);
    build(env, settings, detection);
    env.execute("cpe-sentinel-detection");
  }

  /** Adds the job's sources, operators and sinks to {@code env}. */
  public static void build(
      StreamExecutionEnvironment env, JobSettings settings, Detection detection) {
    Configuration checkpoints = new Configuration();
    checkpoints.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    checkpoints.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDirectory());
    env.configure(checkpoints);
    env.enableCheckpointing(settings.checkpointInterval().toMillis());
    // Chained operators hand records on without a serializer copy (a 2 KB Kafka value per Inform
    // otherwise): no function here keeps or changes a record it was given.
    env.getConfig().enableObjectReuse();
    DetectionConfig config = detection.config();
    WatermarkStrategy<RawRecord> watermarks =
        WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(
                config.watermark().maxOutOfOrderness())
            .withIdleness(config.watermark().idleness());

    // Informs are decoded straight into what the detectors read of them (DeviceInform).
    DataStream<DeviceInform> informs =
        read(
            env,
            settings,
            Topic.CPE_INFORM,
            new DecodeOrDeadLetter<>(
                new DeviceInformTypeInfo(),
                () -> new DeviceInformDecoder(detection)::decode,
                DECODE_STAGE),
            watermarks);
    DataStream<AcsEvent> acsEvents =
        read(
            env,
            settings,
            Topic.ACS_EVENTS,
            DecodeOrDeadLetter.avro(Topic.ACS_EVENTS, AcsEvent.class, DECODE_STAGE),
            watermarks);

    DataStream<AcsEvent> deviceEvents =
        acsEvents.filter(event -> event.getDeviceKey() != null).name("acs events of known devices");
    SingleOutputStreamOperator<Alert> deviceAlerts =
        informs
            .keyBy(inform -> inform.deviceKey, Types.STRING)
            .connect(deviceEvents.keyBy(AcsEvent::getDeviceKey, Types.STRING))
            .process(new DeviceDetectionFunction(detection))
            .returns(ALERTS)
            .uid("device-detection")
            .name("per-device detectors");

    DataStream<Alert> cohortAlerts =
        deviceAlerts
            .getSideOutput(DeviceDetectionFunction.COHORT_SIGNALS)
            .keyBy(signal -> signal.cohortKey, Types.STRING)
            .process(new CohortWindowFunction(config.cohort()))
            .uid("cohort-windows")
            .name("cohort windows")
            .keyBy(stat -> stat.kind.name(), Types.STRING)
            .process(new CohortComparatorFunction(config))
            .returns(ALERTS)
            .uid("cohort-comparator")
            .name("cohort vs fleet");

    DataStream<Alert> campaignAlerts =
        deviceAlerts
            .getSideOutput(DeviceDetectionFunction.ADOPTIONS)
            .keyBy(adoption -> adoption.key, Types.STRING)
            .process(
                new DistinctBurstFunction(
                    DistinctBurst.spreadRule(),
                    config.version(),
                    config.spread().devices(),
                    config.spread().within(),
                    config.suppression()))
            .returns(ALERTS)
            .uid("fleet-spread")
            .name("fleet-wide spread");

    DataStream<Alert> sourceIpAlerts =
        acsEvents
            .filter(e -> e.getKind() == AcsEventKind.AUTH_FAILURE && e.getSourceIp() != null)
            .name("auth failures with a source address")
            .map(DetectionJob::failingMember)
            .returns(TypeInformation.of(Observation.class))
            .name("failing device per address")
            .keyBy(observation -> observation.key, Types.STRING)
            .process(
                new DistinctBurstFunction(
                    DistinctBurst.sourceIpRule(),
                    config.version(),
                    config.authBurst().perSourceIp().devices(),
                    config.authBurst().perSourceIp().within(),
                    config.suppression()))
            .returns(ALERTS)
            .uid("auth-burst-source-ip")
            .name("failed auth per source address");

    DataStream<Alert> alerts = deviceAlerts.union(cohortAlerts, campaignAlerts, sourceIpAlerts);
    if (config.correlation().enabled()) {
      alerts =
          alerts.union(
              correlationAlerts(env, settings, detection, informs, deviceEvents, deviceAlerts));
    }
    alerts.sinkTo(alertSink(settings)).uid("alerts-sink").name(settings.name(Topic.CPE_ALERTS));
  }

  /**
   * The correlation rules (EPL modules shipped in {@code rules/epl}, hot-reloaded from {@code
   * cpe.rules}) over Informs, ACS events and the device detectors' findings; what happens to each
   * published module goes to {@code cpe.rules.status}.
   */
  private static DataStream<Alert> correlationAlerts(
      StreamExecutionEnvironment env,
      JobSettings settings,
      Detection detection,
      DataStream<DeviceInform> informs,
      DataStream<AcsEvent> deviceEvents,
      DataStream<Alert> deviceAlerts) {
    DataStream<CorrelationFact> facts =
        informs
            .map(CorrelationInputs.informs(detection))
            .name("inform facts")
            .union(
                deviceEvents.map(CorrelationInputs.acsEvents(detection)).name("acs event facts"),
                deviceAlerts.process(new CorrelationInputs.Findings()).name("finding facts"));
    DataStream<RuleModule> modules =
        read(
            env,
            settings,
            Topic.CPE_RULES,
            DecodeOrDeadLetter.avro(Topic.CPE_RULES, RuleModule.class, DECODE_STAGE),
            WatermarkStrategy.noWatermarks());
    SingleOutputStreamOperator<Alert> alerts =
        facts
            .keyBy(CorrelationFact::getDeviceKey, Types.STRING)
            .connect(modules.broadcast())
            .transform(
                "correlation rules",
                ALERTS,
                new CorrelationOperator(detection.config().correlation()))
            .uid("correlation-rules");
    alerts
        .getSideOutput(CorrelationOperator.RULE_STATUS)
        .sinkTo(
            KafkaSink.<Tuple2<String, String>>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(
                    new RuleStatusSerializer(settings.name(Topic.CPE_RULES_STATUS)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .uid("rule-status-sink")
        .name(settings.name(Topic.CPE_RULES_STATUS));
    return alerts;
  }

  /**
   * Alerts to {@code cpe.alerts}; exactly-once means one Kafka transaction per checkpoint,
   * committed when the checkpoint completes, and readers must read {@code read_committed}.
   */
  private static KafkaSink<Alert> alertSink(JobSettings settings) {
    KafkaSinkBuilder<Alert> sink =
        KafkaSink.<Alert>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setRecordSerializer(new AlertSerializer(settings.name(Topic.CPE_ALERTS)))
            .setDeliveryGuarantee(settings.alertGuarantee());
    if (settings.alertGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
      sink.setTransactionalIdPrefix(settings.transactionalIdPrefix())
          .setProperty(
              ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
              String.valueOf(JobSettings.ALERT_TRANSACTION_TIMEOUT.toMillis()));
    }
    return sink.build();
  }

  /** The device (or, before any Inform, the username) that failed from an address. */
  private static Observation failingMember(AcsEvent event) {
    String member =
        event.getDeviceKey() != null
            ? event.getDeviceKey()
            : event.getAuth() != null && event.getAuth().getUsername() != null
                ? "user:" + event.getAuth().getUsername()
                : "event:" + event.getEventId();
    return new Observation(event.getSourceIp(), member, event.getOccurredAt().toEpochMilli());
  }

  private static <T> SingleOutputStreamOperator<T> read(
      StreamExecutionEnvironment env,
      JobSettings settings,
      Topic contract,
      DecodeOrDeadLetter<T> decode,
      WatermarkStrategy<RawRecord> watermarks) {
    String topicName = settings.name(contract);
    String deadLetters = settings.name(contract.deadLetter());
    KafkaSourceBuilder<RawRecord> source =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setTopics(topicName)
            .setGroupId(settings.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RawRecordDeserializer())
            .setClientIdPrefix(
                settings.groupId() + "-" + contract.topicName() + "-" + UUID.randomUUID());
    if (settings.bounded()) {
      source.setBounded(OffsetsInitializer.latest());
    }
    SingleOutputStreamOperator<T> decoded =
        env.fromSource(source.build(), watermarks, topicName)
            .uid(contract.topicName() + "-source")
            .process(decode)
            .uid(contract.topicName() + "-decode")
            .name("decode " + topicName);
    decoded
        .getSideOutput(DecodeOrDeadLetter.REJECTED)
        .sinkTo(
            KafkaSink.<RejectedRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(new DeadLetterSerializer(deadLetters))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .uid(contract.topicName() + "-dlq-sink")
        .name(deadLetters);
    return decoded;
  }
}
