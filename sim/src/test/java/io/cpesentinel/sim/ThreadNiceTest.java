package io.cpesentinel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A thread's nice value is its own: set on one thread, read back from the kernel there, and not
 * taken by the thread that started it. Raising the value (less CPU) is allowed to any user.
 */
class ThreadNiceTest {
  @Test
  void aThreadTakesTheNiceValueAndOnlyThatThread() throws Exception {
    assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc");
    int before = niceOfCurrentThread();
    int asked = Math.min(19, before + 3);

    CompletableFuture<int[]> seen = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                String refused = ThreadNice.setForCurrentThread(asked);
                seen.complete(new int[] {refused == null ? 1 : 0, niceOfCurrentThread()});
              } catch (Exception e) {
                seen.completeExceptionally(e);
              }
            });
    thread.start();
    thread.join();

    assertThat(seen.get()[0]).as("renice accepted").isEqualTo(1);
    assertThat(seen.get()[1]).isEqualTo(asked);
    assertThat(niceOfCurrentThread()).isEqualTo(before);
  }

  /**
   * The calling thread's nice value as the kernel has it, {@code /proc/thread-self/stat} field 19.
   */
  private static int niceOfCurrentThread() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.UTF_8);
    // the command name (field 2) is in parentheses and may hold spaces: count after its end
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[19 - 3]);
  }
}
