package io.cpesentinel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    int before = ThreadNice.ofCurrentThread();
    int asked = Math.min(19, before + 3);

    CompletableFuture<int[]> seen = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                String refused = ThreadNice.setForCurrentThread(asked);
                seen.complete(new int[] {refused == null ? 1 : 0, ThreadNice.ofCurrentThread()});
              } catch (Exception e) {
                seen.completeExceptionally(e);
              }
            });
    thread.start();
    thread.join();

    assertThat(seen.get()[0]).as("renice accepted").isEqualTo(1);
    assertThat(seen.get()[1]).isEqualTo(asked);
    assertThat(ThreadNice.ofCurrentThread()).isEqualTo(before);
  }
}
