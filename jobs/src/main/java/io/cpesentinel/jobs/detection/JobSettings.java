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
 * @param checkpointDirectory where checkpoints go (a {@code file://} folder locally, object storage
 *     on a cluster); the state of a large fleet does not fit the JobManager's memory
 * @param bounded read what the topics hold when the job starts, then finish (tests, replays)
 */
public record JobSettings(
    String bootstrapServers,
    String groupId,
    Map<Topic, String> topicNames,
    Duration checkpointInterval,
    String checkpointDirectory,
    boolean bounded)
    implements Serializable {

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

  /** The name {@code topic} has in this deployment. */
  public String name(Topic topic) {
    return topicNames.get(topic);
  }
}
