package io.cpesentinel.jobs.detection;

import io.cpesentinel.schema.Topic;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Where the detection job reads and writes, and how it checkpoints. Topic names default to the
 * contract names ({@link Topic}); tests and multi-tenant deployments rename them.
 *
 * @param checkpointDirectory where checkpoints go (a {@code file://} folder locally, object storage
 *     on a cluster); the state of a large fleet does not fit the JobManager's memory
 * @param bounded read what the topics hold when the job starts, then finish (tests, replays)
 * @param alertGuarantee how alerts reach {@code cpe.alerts}: {@code EXACTLY_ONCE} (the default)
 *     writes them in Kafka transactions committed with each checkpoint, so a read_committed reader
 *     never sees an alert twice after a failure, at the cost of one checkpoint interval of latency
 * @param transactionalIdPrefix the transactional ids of the alert sink; unique per job on a Kafka
 *     cluster (two jobs with one prefix fence each other), stable across restarts and upgrades so a
 *     restored job can commit or abort what its predecessor left open
 */
public record JobSettings(
    String bootstrapServers,
    String groupId,
    Map<Topic, String> topicNames,
    Duration checkpointInterval,
    String checkpointDirectory,
    boolean bounded,
    DeliveryGuarantee alertGuarantee,
    String transactionalIdPrefix)
    implements Serializable {

  /**
   * Kafka transaction timeout of the exactly-once alert sink: the broker's default {@code
   * transaction.max.timeout.ms}. It must outlast a checkpoint interval plus the longest outage
   * (JobManager failover, restore) after which a restored job still commits what was pre-committed;
   * a transaction the broker aborts earlier loses its alerts.
   */
  public static final Duration ALERT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  /** Exactly-once alerts, transactional ids prefixed with {@code groupId}. */
  public JobSettings(
      String bootstrapServers,
      String groupId,
      Map<Topic, String> topicNames,
      Duration checkpointInterval,
      String checkpointDirectory,
      boolean bounded) {
    this(
        bootstrapServers,
        groupId,
        topicNames,
        checkpointInterval,
        checkpointDirectory,
        bounded,
        DeliveryGuarantee.EXACTLY_ONCE,
        groupId);
  }

  public JobSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka bootstrap servers: required");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval: must be positive");
    }
    if (checkpointDirectory == null || !checkpointDirectory.contains("://")) {
      throw new IllegalArgumentException(
          "checkpoint directory: a URI such as file:///var/lib/cpe-sentinel/checkpoints (was "
              + checkpointDirectory
              + ")");
    }
    if (alertGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
        throw new IllegalArgumentException("exactly-once alerts: a transactional id prefix");
      }
      if (checkpointInterval.multipliedBy(3).compareTo(ALERT_TRANSACTION_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "checkpoint interval "
                + checkpointInterval
                + ": at most a third of the alert transaction timeout "
                + ALERT_TRANSACTION_TIMEOUT
                + ", or a failover can outlive an open transaction");
      }
    }
    EnumMap<Topic, String> names = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      names.put(topic, topic.topicName());
    }
    names.putAll(topicNames);
    topicNames = Map.copyOf(names);
  }

  /**
   * The contract topics on {@code bootstrapServers}, unbounded, checkpoint every 10 s to {@code
   * checkpointDirectory}.
   */
  public static JobSettings defaults(String bootstrapServers, String checkpointDirectory) {
    return new JobSettings(
        bootstrapServers,
        "cpe-sentinel-detection",
        Map.of(),
        Duration.ofSeconds(10),
        checkpointDirectory,
        false);
  }

  /** The same settings with alerts written {@code guarantee}. */
  public JobSettings withAlertGuarantee(DeliveryGuarantee guarantee) {
    return new JobSettings(
        bootstrapServers,
        groupId,
        topicNames,
        checkpointInterval,
        checkpointDirectory,
        bounded,
        guarantee,
        transactionalIdPrefix);
  }

  /** The name {@code topic} has in this deployment. */
  public String name(Topic topic) {
    return topicNames.get(topic);
  }
}
