package io.cpesentinel.ingest.genieacs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.DeadLetter;
import io.cpesentinel.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class GenieAcsTailerITCase {
  @TempDir Path dir;

  @Test
  void accessLogLinesBecomeEventsAndAGarbageLineADeadLetter(StackResources stack) throws Exception {
    Path log = dir.resolve("genieacs-cwmp-access.log");
    Files.writeString(
        log,
        "2026-05-01T10:00:00.123Z [INFO] 198.51.100.7 0012AB-HGW-S1: Inform; cpeRequestId=\"42\""
            + " informEvent=\"1 BOOT\" informRetryCount=0\n"
            + "2026-05-01T10:00:00.456Z [ERROR] 203.0.113.9: Authentication failure\n",
        StandardCharsets.UTF_8);
    String config =
        """
        mode: receiver
        cwmp:
          listen: {host: 127.0.0.1, port: 0}
        genieacsLog:
          enabled: true
          path: %s
          offsetFile: %s
          acsInstance: genieacs-test
          pollInterval: 50ms
        """
            .formatted(log, dir.resolve("position"));
    try (RunningIngest ingest = RunningIngest.start(stack, config, Map.of())) {
      Files.writeString(
          log,
          "not a genieacs line\n"
              + "2026-05-01T10:00:02.000Z [INFO] 198.51.100.7 0012AB-HGW-S1: New device registered\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);

      List<AcsEvent> events = ingest.events(3);
      assertThat(events)
          .extracting(AcsEvent::getKind)
          .containsExactlyInAnyOrder(
              AcsEventKind.OTHER, AcsEventKind.AUTH_FAILURE, AcsEventKind.DEVICE_REGISTERED);
      assertThat(events)
          .allSatisfy(e -> assertThat(e.getOrigin()).isEqualTo(AcsEventOrigin.GENIEACS_LOG))
          .allSatisfy(e -> assertThat(e.getAcsInstance()).isEqualTo("genieacs-test"));
      assertThat(events)
          .filteredOn(e -> e.getKind() == AcsEventKind.AUTH_FAILURE)
          .singleElement()
          .satisfies(e -> assertThat(e.getSourceIp()).isEqualTo("203.0.113.9"));
      var letter = ingest.read(Topic.ACS_EVENTS_DLQ, 1).get(0);
      assertThat(new String(letter.value(), StandardCharsets.UTF_8))
          .isEqualTo("not a genieacs line");
      assertThat(DeadLetter.fromHeaders(letter.headers()).orElseThrow().reasonCode())
          .isEqualTo("LOG_LINE_UNPARSEABLE");
    }
  }
}
