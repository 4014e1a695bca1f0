package io.cpesentinel.ingest.genieacs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * How far a log file has been read and published: the file's identity (device and inode, so a
 * rotated file is told from its successor) and the byte offset after the last published line.
 * Stored atomically (write, then rename), so a crash leaves the old or the new position, and a
 * restart re-reads at most the lines of one unacknowledged batch.
 */
record ReadPosition(String fileKey, long offset) {
  static ReadPosition load(Path store) throws IOException {
    if (!Files.exists(store)) {
      return new ReadPosition("", 0);
    }
    List<String> lines = Files.readAllLines(store, StandardCharsets.UTF_8);
    if (lines.size() < 2) {
      return new ReadPosition("", 0);
    }
    try {
      return new ReadPosition(lines.get(0), Long.parseLong(lines.get(1).strip()));
    } catch (NumberFormatException e) {
      throw new IOException("the read position in " + store + " is not a number", e);
    }
  }

  void save(Path store) throws IOException {
    Path parent = store.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, store.getFileName().toString(), ".tmp");
    Files.writeString(temp, fileKey + "\n" + offset + "\n", StandardCharsets.UTF_8);
    Files.move(temp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
