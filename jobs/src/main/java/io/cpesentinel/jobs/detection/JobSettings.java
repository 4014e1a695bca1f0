package io.cpesentinel.jobs.detection;

import io.cpesentinel.schema.Topic;
import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the detection job reads and writes, and how it checkpoints. Topic names default to the
 * contract names ({@link Topic}); tests and multi-tenant deployments rename them.
 *
 * @param bounded read what the topics hold when the job starts, then finish (tests, replays)
 */
public record JobSettings(
    String bootstrapServers,
    String groupId,
    Map<Topic, String> topicNames,
    Duration checkpointInterval,
    boolean bounded)
    implements Serializable {

  public JobSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka bootstrap servers: required");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval: must be positive");
    }
    EnumMap<Topic, String> names = new EnumMap<>(Topic.class);
    for (Topic topic : Topic.values()) {
      names.put(topic, topic.topicName());
    }
    names.putAll(topicNames);
    topicNames = Map.copyOf(names);
  }

  /** The contract topics on {@code bootstrapServers}, unbounded, checkpoint every 10 s. */
  public static JobSettings defaults(String bootstrapServers) {
    return new JobSettings(
        bootstrapServers, "cpe-sentinel-detection", Map.of(), Duration.ofSeconds(10), false);
  }

  /** The name {@code topic} has in this deployment. */
  public String name(Topic topic) {
    return topicNames.get(topic);
  }
}
