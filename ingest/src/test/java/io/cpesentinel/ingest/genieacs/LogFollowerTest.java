package io.cpesentinel.ingest.genieacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
  @TempDir Path dir;

  private final List<String> received = new ArrayList<>();

  private LogFollower follower(Path log) throws Exception {
    return new LogFollower(
        log, dir.resolve("position"), 64, lines -> lines.forEach(l -> received.add(l.text())));
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void handsOnCompleteLinesOnlyAndResumesAfterARestart() throws Exception {
    Path log = dir.resolve("access.log");
    append(log, "one\ntwo\npart");
    LogFollower first = follower(log);
    first.poll();
    assertThat(received).containsExactly("one", "two");

    append(log, "ial\r\nthree\n");
    first.poll();
    first.close();
    assertThat(received).containsExactly("one", "two", "partial", "three");

    append(log, "four\n");
    LogFollower restarted = follower(log);
    restarted.poll();
    restarted.close();
    assertThat(received).containsExactly("one", "two", "partial", "three", "four");
  }

  @Test
  void readsARotatedFileToItsEndBeforeTheNewOne() throws Exception {
    Path log = dir.resolve("access.log");
    append(log, "a\n");
    LogFollower follower = follower(log);
    follower.poll();

    append(log, "b\n");
    Files.move(log, dir.resolve("access.log.1"));
    append(log, "c\n");
    follower.poll();
    follower.close();

    assertThat(received).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedBatchIsOfferedAgain() throws Exception {
    Path log = dir.resolve("access.log");
    append(log, "x\ny\n");
    List<List<String>> attempts = new ArrayList<>();
    LogFollower follower =
        new LogFollower(
            log,
            dir.resolve("position"),
            64,
            lines -> {
              attempts.add(lines.stream().map(LogFollower.Line::text).toList());
              if (attempts.size() == 1) {
                throw new IllegalStateException("kafka down");
              }
            });

    assertThatThrownBy(follower::poll).hasMessage("kafka down");
    follower.poll();
    follower.close();

    assertThat(attempts).containsExactly(List.of("x", "y"), List.of("x", "y"));
  }

  @Test
  void anOverlongLineIsCutAndFlagged() throws Exception {
    Path log = dir.resolve("access.log");
    append(log, "z".repeat(200) + "\nshort\n");
    List<LogFollower.Line> lines = new ArrayList<>();
    LogFollower follower = new LogFollower(log, dir.resolve("position"), 64, lines::addAll);
    follower.poll();
    follower.close();

    assertThat(lines).extracting(LogFollower.Line::cut).containsExactly(true, false);
    assertThat(lines.get(0).text()).hasSize(64);
    assertThat(lines.get(1).text()).isEqualTo("short");
  }
}
