package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.schema.Topic;
import java.io.Serializable;

/**
 * Where alerts come from and rejected ones go.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param alertsTopic the alert topic; default {@code cpe.alerts}
 * @param deadLetterTopic where alerts no destination will ever accept go; default {@code
 *     cpe.alerts.dlq}
 * @param commandsTopic operator commands for the quarantine hook (release a device, re-arm after a
 *     cap tripped); default {@code cpe.quarantine.commands}
 * @param groupId consumer group; offsets are committed on checkpoints (for monitoring lag only, the
 *     checkpoint is the truth)
 * @param bounded read what is in the topics at start and stop (backfills, tests); default false
 */
public record KafkaSettings(
    String bootstrapServers,
    String alertsTopic,
    String deadLetterTopic,
    String commandsTopic,
    String groupId,
    Boolean bounded)
    implements Serializable {

  public KafkaSettings {
    ConfigException.required(bootstrapServers, "bootstrapServers");
    ConfigException.require(
        !bootstrapServers.isBlank(), "bootstrapServers", "must name at least one broker");
    alertsTopic = alertsTopic == null ? Topic.CPE_ALERTS.topicName() : alertsTopic;
    deadLetterTopic = deadLetterTopic == null ? Topic.CPE_ALERTS_DLQ.topicName() : deadLetterTopic;
    commandsTopic = commandsTopic == null ? Topic.QUARANTINE_COMMANDS.topicName() : commandsTopic;
    groupId = groupId == null ? "cpe-sentinel-delivery" : groupId;
    bounded = bounded != null && bounded;
  }
}
