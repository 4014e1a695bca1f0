package io.cpesentinel.schema;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka topics and their key/value contracts, written down once. Keys are UTF-8 strings; values
 * of data topics are single-object encoded Avro ({@link AvroValueCodec}); dead-letter topics keep
 * the rejected bytes unchanged and say why in headers ({@link DeadLetter}).
 *
 * <p>The configs are the defaults the local stack and tests create topics with; cluster sizing
 * (partitions for 10M devices, retention) lives in {@code deploy/}.
 */
public enum Topic {
  CPE_INFORM(
      "cpe.inform",
      "device key (DeviceKeys)",
      CwmpInform.class,
      4,
      Map.of("retention.ms", days(7))),
  ACS_EVENTS(
      "acs.events",
      "device key, or ip:<sourceIp> when the device is unknown",
      AcsEvent.class,
      4,
      Map.of("retention.ms", days(7))),
  CPE_ALERTS("cpe.alerts", "alertId", Alert.class, 4, Map.of("retention.ms", days(30))),
  /**
   * Correlation rules published to the running detection job (Esper EPL modules); compacted, so the
   * latest record of each rule id is kept for ever.
   */
  CPE_RULES(
      "cpe.rules",
      "rule id",
      RuleModule.class,
      1,
      Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000")),
  CPE_INFORM_DLQ("cpe.inform.dlq"),
  ACS_EVENTS_DLQ("acs.events.dlq"),
  CPE_ALERTS_DLQ("cpe.alerts.dlq"),
  CPE_RULES_DLQ("cpe.rules.dlq"),
  /**
   * What the detection job did with each published rule: JSON {@code {"ruleId","version",
   * "status":"ACCEPTED"|"REJECTED"|"DISABLED","error","subtask","at"}}, one per subtask.
   */
  CPE_RULES_STATUS(
      "cpe.rules.status", "rule id", Format.JSON, null, 1, Map.of("retention.ms", days(30))),
  /** Operator commands to the quarantine guard (release a device, re-arm after a storm). */
  QUARANTINE_COMMANDS(
      "cpe.quarantine.commands",
      "command id",
      Format.JSON,
      null,
      1,
      Map.of("retention.ms", days(30)));

  /** How values are written. */
  public enum Format {
    /** Single-object encoded Avro of {@link #valueType()}. */
    AVRO,
    /** The rejected record's bytes, unchanged; the reason is in {@link DeadLetter} headers. */
    DEAD_LETTER,
    /** A small JSON document, for what operators write by hand. */
    JSON
  }

  private final String topicName;
  private final String key;
  private final Format format;
  private final Class<? extends SpecificRecord> valueType;
  private final int partitions;
  private final Map<String, String> config;

  Topic(
      String topicName,
      String key,
      Class<? extends SpecificRecord> valueType,
      int partitions,
      Map<String, String> config) {
    this(topicName, key, Format.AVRO, valueType, partitions, config);
  }

  Topic(
      String topicName,
      String key,
      Format format,
      Class<? extends SpecificRecord> valueType,
      int partitions,
      Map<String, String> config) {
    this.topicName = topicName;
    this.key = key;
    this.format = format;
    this.valueType = valueType;
    this.partitions = partitions;
    this.config = config;
  }

  Topic(String topicName) {
    this(
        topicName,
        "key of the rejected record, unchanged",
        Format.DEAD_LETTER,
        null,
        1,
        deadLetterConfig());
  }

  public String topicName() {
    return topicName;
  }

  /** What the record key holds. */
  public String keyContract() {
    return key;
  }

  public Format format() {
    return format;
  }

  /** The Avro record type of values; empty unless the format is {@link Format#AVRO}. */
  public Optional<Class<? extends SpecificRecord>> valueType() {
    return Optional.ofNullable(valueType);
  }

  public boolean isDeadLetter() {
    return format == Format.DEAD_LETTER;
  }

  /** The dead-letter twin of an Avro topic. */
  public Topic deadLetter() {
    if (format != Format.AVRO) {
      throw new IllegalStateException(topicName + " has no dead-letter twin");
    }
    return valueOf(name() + "_DLQ");
  }

  public int defaultPartitions() {
    return partitions;
  }

  public Map<String, String> defaultConfig() {
    return config;
  }

  /** Dead letters are a sample for diagnosis, so they are bounded in time and size. */
  private static Map<String, String> deadLetterConfig() {
    return Map.of("retention.ms", days(7), "retention.bytes", String.valueOf(256L << 20));
  }

  private static String days(int days) {
    return String.valueOf(days * 24L * 3600 * 1000);
  }
}
