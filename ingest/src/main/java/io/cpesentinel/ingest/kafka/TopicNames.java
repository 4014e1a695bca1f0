package io.cpesentinel.ingest.kafka;

import io.cpesentinel.schema.Topic;

/**
 * The topic names this ingest writes to: the contract names by default, others where a deployment
 * (or a test) prefixes them.
 */
public record TopicNames(
    String inform, String acsEvents, String informDeadLetters, String acsEventDeadLetters) {
  public static TopicNames contract() {
    return new TopicNames(
        Topic.CPE_INFORM.topicName(),
        Topic.ACS_EVENTS.topicName(),
        Topic.CPE_INFORM_DLQ.topicName(),
        Topic.ACS_EVENTS_DLQ.topicName());
  }
}
