package io.cpesentinel.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.SampleRecords;
import io.cpesentinel.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeOrDeadLetterTest {
  private final byte[] good =
      AvroValueCodec.forType(CwmpInform.class).encode(SampleRecords.bootInform());

  @Test
  void goodValuesAreDecodedAndBadOnesGoToTheSideOutputUnchangedWithTheirReason() throws Exception {
    byte[] xml = "<Envelope/>".getBytes(StandardCharsets.UTF_8);
    try (OneInputStreamOperatorTestHarness<RawRecord, CwmpInform> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            DecodeOrDeadLetter.avro(Topic.CPE_INFORM, CwmpInform.class, "detection.decode"))) {
      harness.setProcessingTime(1_700_000_000_000L);

      harness.processElement(raw(7, "k1", good), 10);
      harness.processElement(raw(8, "k2", xml), 11);
      harness.processElement(raw(9, "k3", good), 12);

      assertThat(harness.extractOutputValues())
          .containsExactly(SampleRecords.bootInform(), SampleRecords.bootInform());
      List<RejectedRecord> rejected =
          harness.getSideOutput(DecodeOrDeadLetter.REJECTED).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(rejected).hasSize(1);
      RejectedRecord reject = rejected.get(0);
      assertThat(reject.value).isEqualTo(xml);
      assertThat(new String(reject.key, StandardCharsets.UTF_8)).isEqualTo("k2");
      assertThat(reject.reasonCode).isEqualTo("NOT_SINGLE_OBJECT_ENCODED");
      assertThat(reject.reason).contains("single-object marker");
      assertThat(reject.source).isEqualTo("cpe.inform/0/8");
      assertThat(reject.stage).isEqualTo("detection.decode");
      assertThat(reject.rejectedAtMillis).isEqualTo(1_700_000_000_000L);
    }
  }

  @Test
  void readingATopicAsTheWrongContractIsRefusedAtJobBuildTime() {
    assertThatThrownBy(
            () -> DecodeOrDeadLetter.avro(Topic.CPE_ALERTS, CwmpInform.class, "detection"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpe.alerts does not hold CwmpInform");
  }

  private static RawRecord raw(long offset, String key, byte[] value) {
    return new RawRecord("cpe.inform", 0, offset, 0L, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
