package io.cpesentinel.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicTest {

  @Test
  void namesAreTheDocumentedOnes() {
    assertThat(Arrays.stream(Topic.values()).map(Topic::topicName))
        .containsExactly(
            "cpe.inform",
            "acs.events",
            "cpe.alerts",
            "cpe.rules",
            "cpe.inform.dlq",
            "acs.events.dlq",
            "cpe.alerts.dlq",
            "cpe.rules.dlq",
            "cpe.rules.status",
            "cpe.quarantine.commands");
  }

  @Test
  void everyDataTopicHasADeadLetterTwinNamedAfterIt() {
    for (Topic topic : Topic.values()) {
      if (topic.format() == Topic.Format.AVRO) {
        assertThat(topic.deadLetter().topicName()).isEqualTo(topic.topicName() + ".dlq");
        assertThat(topic.deadLetter().isDeadLetter()).isTrue();
      }
    }
    assertThatThrownBy(() -> Topic.CPE_INFORM_DLQ.deadLetter())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Topic.QUARANTINE_COMMANDS.deadLetter())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void dataTopicsCarryTheirContractAndDeadLettersAreBounded() {
    assertThat(Topic.CPE_INFORM.valueType()).contains(CwmpInform.class);
    assertThat(Topic.ACS_EVENTS.valueType()).contains(AcsEvent.class);
    assertThat(Topic.CPE_ALERTS.valueType()).contains(Alert.class);
    assertThat(Topic.CPE_RULES.valueType()).contains(RuleModule.class);
    assertThat(Topic.CPE_RULES.defaultConfig()).containsEntry("cleanup.policy", "compact");
    for (Topic topic : Topic.values()) {
      assertThat(topic.valueType().isPresent()).isEqualTo(topic.format() == Topic.Format.AVRO);
      if (topic.isDeadLetter()) {
        assertThat(topic.defaultConfig()).containsKeys("retention.ms", "retention.bytes");
      }
    }
  }
}
