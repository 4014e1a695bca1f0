package io.cpesentinel.detect.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads the detection configuration files strictly: unknown keys, wrong types and out-of-range
 * values fail with the file, the key path and the reason. Without a path the defaults shipped in
 * the rules module ({@code rules/*.yaml} on the class path) are used.
 */
public final class ConfigFiles {
  public static final String DEFAULT_DETECTION = "rules/detection.yaml";
  public static final String DEFAULT_CATALOG = "rules/critical-parameters.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

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
    String source = file != null ? file.toString() : "classpath:" + resource;
    try (InputStream in =
        file != null
            ? Files.newInputStream(file)
            : ConfigFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(source + ": not found");
      }
      return YAML.readValue(in, type);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          source + ": " + keyPath(e) + ": unknown key (known: " + e.getKnownPropertyIds() + ")", e);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      String reason =
          cause instanceof ConfigException
              ? cause.getMessage()
              : keyPath(e) + ": " + e.getOriginalMessage();
      throw new ConfigException(source + ": " + reason, e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String keyPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
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
