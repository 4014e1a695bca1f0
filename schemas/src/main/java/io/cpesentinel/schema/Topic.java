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
  CPE_INFORM_DLQ("cpe.inform.dlq"),
  ACS_EVENTS_DLQ("acs.events.dlq"),
  CPE_ALERTS_DLQ("cpe.alerts.dlq");

  private final String topicName;
  private final String key;
  private final Class<? extends SpecificRecord> valueType;
  private final int partitions;
  private final Map<String, String> config;

  Topic(
      String topicName,
      String key,
      Class<? extends SpecificRecord> valueType,
      int partitions,
      Map<String, String> config) {
    this.topicName = topicName;
    this.key = key;
    this.valueType = valueType;
    this.partitions = partitions;
    this.config = config;
  }

  Topic(String topicName) {
    this(topicName, "key of the rejected record, unchanged", null, 1, deadLetterConfig());
  }

  public String topicName() {
    return topicName;
  }

  /** What the record key holds. */
  public String keyContract() {
    return key;
  }

  /** The Avro record type of values; empty for dead-letter topics, whose values are raw bytes. */
  public Optional<Class<? extends SpecificRecord>> valueType() {
    return Optional.ofNullable(valueType);
  }

  public boolean isDeadLetter() {
    return valueType == null;
  }

  /** The dead-letter twin of a data topic. */
  public Topic deadLetter() {
    if (isDeadLetter()) {
      throw new IllegalStateException(topicName + " is itself a dead-letter topic");
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
