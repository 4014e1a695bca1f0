package io.cpesentinel.sim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ground truth of one run: the fleet, the alert index, and every injection. Written as JSON
 * next to the run's other files; the scorer reads it back.
 */
public record GroundTruth(
    String run,
    long startedAt,
    int devices,
    int informIntervalSeconds,
    String transport,
    String alertIndexPattern,
    List<Injection> injections) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
  }

  public static GroundTruth read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), GroundTruth.class);
  }
}
