package io.cpesentinel.delivery;

import io.cpesentinel.delivery.config.DeliveryConfig;
import io.cpesentinel.delivery.config.KafkaSettings;
import io.cpesentinel.delivery.elasticsearch.AlertDocumentMapper;
import io.cpesentinel.delivery.elasticsearch.AlertRejections;
import io.cpesentinel.delivery.elasticsearch.ElasticsearchSink;
import io.cpesentinel.delivery.elasticsearch.LoggedRejections;
import io.cpesentinel.delivery.pagerduty.PagerDutySink;
import io.cpesentinel.delivery.quarantine.FleetKey;
import io.cpesentinel.delivery.quarantine.QuarantineAction;
import io.cpesentinel.delivery.quarantine.QuarantineActuationSink;
import io.cpesentinel.delivery.quarantine.QuarantineAuditMapper;
import io.cpesentinel.delivery.quarantine.QuarantineGuardrailFunction;
import io.cpesentinel.jobs.kafka.DeadLetterSerializer;
import io.cpesentinel.jobs.kafka.DecodeOrDeadLetter;
import io.cpesentinel.jobs.kafka.RawRecord;
import io.cpesentinel.jobs.kafka.RawRecordDeserializer;
import io.cpesentinel.jobs.kafka.RejectedRecord;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.Topic;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The delivery topology, built from a {@link DeliveryConfig}:
 *
 * <pre>
 * cpe.alerts ─ decode ─┬─ undecodable ─────────────────────────────▶ cpe.alerts.dlq
 *                      ├─────────────┬──────────────────────────────▶ Elasticsearch (alerts)
 *                      │             └──────────────────────────────▶ PagerDuty
 *                      └─ quarantine guardrails ◀─ operator commands
 *                            ├─ every action ───────────────────────▶ Elasticsearch (audit)
 *                            ├─ pending actions, after checkpoint ──▶ webhook / GenieACS NBI
 *                            └─ breaker pages ─▶ (joins the alerts above)
 * </pre>
 *
 * Every operator has a stable {@code uid}, so a savepoint survives changes to the code.
 */
public final class DeliveryPipeline {
  private DeliveryPipeline() {}

  public static void build(StreamExecutionEnvironment env, DeliveryConfig config) {
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    if (config.parallelism() != null) {
      env.setParallelism(config.parallelism());
    }
    KafkaSettings kafka = config.kafka();
    SingleOutputStreamOperator<Alert> alerts =
        env.fromSource(
                source(kafka, kafka.alertsTopic(), kafka.groupId()),
                WatermarkStrategy.noWatermarks(),
                "alerts")
            .uid("alerts-source")
            .process(DecodeOrDeadLetter.avro(Topic.CPE_ALERTS, Alert.class, "delivery.decode"))
            .uid("alerts-decode")
            .name("decode alerts");
    alerts
        .getSideOutput(DecodeOrDeadLetter.REJECTED)
        .sinkTo(deadLetterSink(kafka))
        .uid("alerts-decode-dlq")
        .name("undecodable alerts to " + kafka.deadLetterTopic());

    DataStream<Alert> toDeliver = alerts;
    if (config.quarantine() != null) {
      toDeliver = alerts.union(quarantine(env, config, alerts));
    }
    toDeliver
        .sinkTo(
            new ElasticsearchSink<>(
                config.elasticsearch(),
                new AlertDocumentMapper(config.elasticsearch().alertsIndexPrefix()),
                AlertRejections.toDeadLetterTopic(
                    kafka.bootstrapServers(), kafka.deadLetterTopic())))
        .uid("alerts-elasticsearch")
        .name("alerts to Elasticsearch");
    if (config.pagerduty() != null) {
      toDeliver
          .sinkTo(
              new PagerDutySink(
                  config.pagerduty(), kafka.bootstrapServers(), kafka.deadLetterTopic()))
          .setParallelism(1)
          .uid("alerts-pagerduty")
          .name("alerts to PagerDuty");
    }
  }

  /** Wires the guardrails, the audit and the actuation; returns the pages they raise. */
  private static DataStream<Alert> quarantine(
      StreamExecutionEnvironment env, DeliveryConfig config, DataStream<Alert> alerts) {
    KafkaSettings kafka = config.kafka();
    DataStream<RawRecord> commands =
        env.fromSource(
                source(kafka, kafka.commandsTopic(), kafka.groupId() + "-commands"),
                WatermarkStrategy.noWatermarks(),
                "quarantine commands")
            .uid("quarantine-commands-source")
            .setParallelism(1);
    SingleOutputStreamOperator<QuarantineAction> actions =
        alerts
            .filter(new QuarantineCandidates())
            .uid("quarantine-candidates")
            .name("quarantine candidates")
            .keyBy(new FleetKey<>(), Types.STRING)
            .connect(commands.keyBy(new FleetKey<>(), Types.STRING))
            .process(new QuarantineGuardrailFunction(config.quarantine()))
            .uid("quarantine-guardrails")
            .name("quarantine guardrails");
    ElasticsearchSink<QuarantineAction> audit =
        new ElasticsearchSink<>(
            config.elasticsearch(),
            new QuarantineAuditMapper(config.elasticsearch().auditIndexPrefix()),
            LoggedRejections.factory());
    actions.sinkTo(audit).uid("quarantine-audit").name("quarantine audit to Elasticsearch");
    actions
        .filter(new PendingOnly())
        .uid("quarantine-pending")
        .sinkTo(new QuarantineActuationSink(config.quarantine(), audit))
        .setParallelism(1)
        .uid("quarantine-actuation")
        .name("quarantine to the ACS");
    return actions.getSideOutput(QuarantineGuardrailFunction.PAGES);
  }

  private static KafkaSource<RawRecord> source(KafkaSettings kafka, String topic, String group) {
    KafkaSourceBuilder<RawRecord> builder =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics(topic)
            .setGroupId(group)
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RawRecordDeserializer())
            .setProperty("commit.offsets.on.checkpoint", "true")
            // cpe.alerts is written in Kafka transactions: never deliver an aborted alert
            .setProperty("isolation.level", "read_committed");
    if (kafka.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private static KafkaSink<RejectedRecord> deadLetterSink(KafkaSettings kafka) {
    return KafkaSink.<RejectedRecord>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setRecordSerializer(new DeadLetterSerializer(kafka.deadLetterTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
