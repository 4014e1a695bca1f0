package io.cpesentinel.detect.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.StrictYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads the detection configuration files the way every configuration file of the product is read
 * ({@link StrictYaml}): unknown keys, wrong types and out-of-range values fail with the file, the
 * key path and the reason. Without a path the defaults shipped in the rules module ({@code
 * rules/*.yaml} on the class path) are used.
 */
public final class ConfigFiles {
  public static final String DEFAULT_DETECTION = "rules/detection.yaml";
  public static final String DEFAULT_CATALOG = "rules/critical-parameters.yaml";

  private ConfigFiles() {}

  /** The detection settings and catalogue, checked against each other. */
  public static Detection load(Path detection, Path catalog) {
    DetectionConfig config = read(detection, DEFAULT_DETECTION, DetectionConfig.class);
    ParameterCatalog parameters = read(catalog, DEFAULT_CATALOG, ParameterCatalog.class);
    parameters.checkAgainst(config);
    return new Detection(config, parameters);
  }

  /** Both files, from the class path. */
  public static Detection defaults() {
    return load(null, null);
  }

  static <T> T read(Path file, String resource, Class<T> type) {
    if (file != null) {
      return StrictYaml.read(file, type);
    }
    String source = "classpath:" + resource;
    try (InputStream in = ConfigFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException("", "not found").in(source);
      }
      return StrictYaml.read(in, source, type);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read: " + e.getMessage(), e).in(source);
    }
  }

  /** What the detection job runs with. */
  public record Detection(DetectionConfig config, ParameterCatalog catalog)
      implements java.io.Serializable {
    /** The same, with correlation rules switched on or off. */
    public Detection withCorrelationEnabled(boolean enabled) {
      return new Detection(config.withCorrelationEnabled(enabled), catalog);
    }
  }
}
