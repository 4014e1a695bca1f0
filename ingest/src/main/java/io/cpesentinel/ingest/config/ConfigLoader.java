package io.cpesentinel.ingest.config;

import io.cpesentinel.config.StrictYaml;
import java.nio.file.Path;

/**
 * Reads {@link IngestConfig} from YAML the way every configuration file of the product is read
 * ({@link StrictYaml}): an unknown key, a value of the wrong type or out of range fails with the
 * dotted key and the reason.
 */
public final class ConfigLoader {
  public IngestConfig load(Path file) {
    return StrictYaml.read(file, IngestConfig.class);
  }

  public IngestConfig parse(String yaml, String source) {
    return StrictYaml.parse(yaml, source, IngestConfig.class);
  }
}
