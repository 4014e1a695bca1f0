package io.cpesentinel.ingest.genieacs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Follows a log file that is appended to and rotated (moved away, then recreated, as logrotate and
 * GenieACS's own reopen do), handing complete lines to a {@link LineBatchSink} and moving its saved
 * {@link ReadPosition} only after the sink has them safe. A rotated file is read to its end before
 * the new one is started, and a restart resumes at the saved position, so no line is skipped; one
 * that was sent but not yet recorded may be sent again.
 *
 * <p>commons-io's {@code Tailer} was not used: it cannot resume at a saved offset, so a restart
 * would either skip or replay the whole file.
 */
public final class LogFollower {
  /** Receives complete lines (without the newline); returns normally once they are safe. */
  public interface LineBatchSink {
    void accept(List<Line> lines) throws Exception;
  }

  /** A line and where it started, for dead-letter sources. An overlong line is cut. */
  public record Line(String text, long offset, boolean cut) {}

  private static final int BATCH_LINES = 500;

  private final Path file;
  private final Path positionStore;
  private final int maxLineBytes;
  private final LineBatchSink sink;
  private FileChannel channel;
  private String channelKey;
  private long offset;

  public LogFollower(Path file, Path positionStore, int maxLineBytes, LineBatchSink sink)
      throws IOException {
    this.file = file;
    this.positionStore = positionStore;
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
    ReadPosition saved = ReadPosition.load(positionStore);
    this.channelKey = saved.fileKey();
    this.offset = saved.offset();
  }

  /**
   * Reads what has been appended since the last call and hands it on; called periodically. A sink
   * failure stops this round; the same lines are offered again next round.
   */
  public synchronized void poll() throws Exception {
    String currentKey = currentKey();
    if (channel == null) {
      if (currentKey == null) {
        return;
      }
      channel = FileChannel.open(file, StandardOpenOption.READ);
      if (!currentKey.equals(channelKey)) {
        channelKey = currentKey;
        offset = 0;
      }
    }
    drain();
    if (currentKey != null && !currentKey.equals(channelKey)) {
      // Rotated: the old file was read to its end above; start the new one from its beginning.
      channel.close();
      channel = FileChannel.open(file, StandardOpenOption.READ);
      channelKey = currentKey;
      offset = 0;
      savePosition();
      drain();
    }
  }

  private void drain() throws Exception {
    if (channel.size() < offset) {
      offset = 0; // truncated in place (copytruncate): read it again from the start
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(64 << 10, maxLineBytes + 1));
    List<Line> batch = new ArrayList<>();
    long readAt = offset;
    long lineStart = offset;
    byte[] pending = new byte[0];
    boolean skipping = false;
    while (true) {
      buffer.clear();
      int n = channel.read(buffer, readAt);
      if (n <= 0) {
        break;
      }
      readAt += n;
      byte[] chunk = concat(pending, buffer.array(), n);
      int start = 0;
      for (int i = 0; i < chunk.length; i++) {
        if (chunk[i] == '\n') {
          if (!skipping) {
            batch.add(line(chunk, start, i, lineStart));
          }
          skipping = false;
          lineStart += i - start + 1;
          start = i + 1;
          if (batch.size() == BATCH_LINES) {
            flush(batch, lineStart);
          }
        }
      }
      pending = Arrays.copyOfRange(chunk, start, chunk.length);
      if (pending.length > maxLineBytes) {
        // No newline within the limit: hand on the cut line, skip to its end later.
        batch.add(new Line(text(pending, 0, maxLineBytes), lineStart, true));
        lineStart += pending.length;
        pending = new byte[0];
        skipping = true;
      }
    }
    flush(batch, lineStart);
  }

  private Line line(byte[] chunk, int from, int to, long at) {
    int end = to > from && chunk[to - 1] == '\r' ? to - 1 : to;
    boolean cut = end - from > maxLineBytes;
    return new Line(text(chunk, from, Math.min(end, from + maxLineBytes)), at, cut);
  }

  private void flush(List<Line> batch, long nextOffset) throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    sink.accept(List.copyOf(batch));
    batch.clear();
    offset = nextOffset;
    savePosition();
  }

  private void savePosition() throws IOException {
    new ReadPosition(channelKey, offset).save(positionStore);
  }

  private String currentKey() throws IOException {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return key == null ? file.toString() : key.toString();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static byte[] concat(byte[] head, byte[] tail, int tailLength) {
    byte[] all = new byte[head.length + tailLength];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tailLength);
    return all;
  }

  private static String text(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
