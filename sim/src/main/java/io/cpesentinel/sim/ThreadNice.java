package io.cpesentinel.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets the calling thread's nice value (Linux keeps one per thread), so that the simulated fleet,
 * which stands for the outside world, gets the CPU it asks for when it shares a small machine with
 * the pipeline under test: real devices do not inform more slowly because the pipeline is busy. The
 * JDK has no call for it; {@code renice} (util-linux) is given the thread's id from {@code
 * /proc/thread-self}. A negative value needs root (or CAP_SYS_NICE).
 */
final class ThreadNice {
  private ThreadNice() {}

  /**
   * Sets the calling thread's nice value; returns null when it did, else why not (no Linux {@code
   * /proc}, no {@code renice}, not permitted).
   */
  static String setForCurrentThread(int nice) {
    Path self = Path.of("/proc/thread-self");
    try {
      if (!Files.isSymbolicLink(self)) {
        return "no " + self + " (not Linux)";
      }
      String threadId = Files.readSymbolicLink(self).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", threadId)
              .redirectErrorStream(true)
              .start();
      String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = renice.waitFor();
      return exit == 0 ? null : "renice exited " + exit + ": " + output.strip();
    } catch (IOException e) {
      return "renice failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
