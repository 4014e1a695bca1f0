package io.cpesentinel.ingest.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.testing.HostileBodies;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HostileXmlTest {
  private final CwmpParser parser = new CwmpParser(HostileBodies.limits());

  static Stream<HostileBodies.Case> cases() {
    return HostileBodies.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithItsReason(HostileBodies.Case hostile) {
    RejectedInputException e =
        catchThrowableOfType(RejectedInputException.class, () -> parser.parse(hostile.body()));

    assertThat(e).as("parser must refuse %s", hostile.name()).isNotNull();
    assertThat(e.reason()).isEqualTo(hostile.reason());
    assertThat(e.getMessage()).isNotBlank().doesNotContain("root:x:0:0");
  }
}
