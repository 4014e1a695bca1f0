package io.cpesentinel.ingest.cwmp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cpesentinel.ingest.xml.RejectedInputException;
import io.cpesentinel.ingest.xml.XmlLimits;

/**
 * Fuzz target: whatever bytes arrive, the parser either returns an envelope or refuses them with a
 * {@link RejectedInputException}; any other exception (or a hang) is a bug. In the unit-test run
 * Jazzer replays the seed corpus under {@code CwmpParserFuzzTestInputs/} (regression mode); the
 * build's {@code fuzz-inform-parser} execution then fuzzes it for real for {@code maxDuration}.
 */
class CwmpParserFuzzTest {
  private final CwmpParser parser = new CwmpParser(new XmlLimits(16, 256, 4096, 1 << 20));

  @FuzzTest(maxDuration = "30s")
  void parseNeverFailsOtherwiseThanByRejecting(byte[] body) {
    try {
      CwmpEnvelope envelope = parser.parse(body);
      if (envelope.message() == null) {
        throw new AssertionError("an envelope without a message");
      }
    } catch (RejectedInputException expected) {
      if (expected.reason() == null || expected.getMessage() == null) {
        throw new AssertionError("a refusal without reason", expected);
      }
    }
  }
}
