package io.cpesentinel.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void reasonRoundTripsThroughKafkaHeaders() {
    DeadLetter letter =
        new DeadLetter(
            "UNKNOWN_SCHEMA",
            "value was written with schema fingerprint 00ff…",
            "detection.decode",
            "cpe.inform/3/1207",
            Instant.parse("2026-05-01T10:00:00Z"));

    assertThat(DeadLetter.fromHeaders(letter.toHeaders())).contains(letter);
  }

  @Test
  void recordWithoutDeadLetterHeadersIsNotOne() {
    assertThat(DeadLetter.fromHeaders(new RecordHeaders())).isEmpty();
  }

  @Test
  void hugeReasonsAreCutToABoundedHeader() {
    DeadLetter letter = new DeadLetter("X", "e".repeat(100_000), "s", "p", Instant.EPOCH);

    assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_CHARS).endsWith("…");
  }
}
