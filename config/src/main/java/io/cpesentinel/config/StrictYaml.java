package io.cpesentinel.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads every configuration file of the product the same way, and refuses anything doubtful: an
 * unknown key (a typo would otherwise silently keep a default, such as quarantine dry-run off), a
 * duplicate key, a value of the wrong type or out of range. Durations have one syntax ({@link
 * Durations}). Errors are {@link ConfigException}s naming the file, the key's dotted path and the
 * reason, and never echo a value (it may be a secret written where a reference belongs).
 *
 * <p>Thread-safe; the mapper is built once.
 */
public final class StrictYaml {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .addModule(new SimpleModule("durations").addDeserializer(Duration.class, new Reader()))
          .build();

  private StrictYaml() {}

  /** Reads {@code file}; errors name it. */
  public static <T> T read(Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), type);
    } catch (NoSuchFileException e) {
      throw new ConfigException("", "no such file", e).in(file.toString());
    } catch (IOException e) {
      throw new ConfigException("", "cannot read the file: " + e.getMessage(), e)
          .in(file.toString());
    }
  }

  /**
   * Reads a document from {@code in}.
   *
   * @param source where it came from, for the error messages (a path, {@code classpath:...})
   */
  public static <T> T read(InputStream in, String source, Class<T> type) {
    try {
      return check(MAPPER.readValue(in, type), source);
    } catch (IOException e) {
      throw translate(e, source);
    }
  }

  /** Reads a document given as text (tests, configuration built by a program). */
  public static <T> T parse(String yaml, String source, Class<T> type) {
    try {
      return check(MAPPER.readValue(yaml, type), source);
    } catch (IOException e) {
      throw translate(e, source);
    }
  }

  private static <T> T check(T value, String source) {
    if (value == null) {
      throw new ConfigException("", "the file is empty").in(source);
    }
    return value;
  }

  private static ConfigException translate(IOException e, String source) {
    if (e instanceof MismatchedInputException empty
        && empty.getOriginalMessage() != null
        && empty.getOriginalMessage().startsWith("No content to map")) {
      return new ConfigException("", "the file is empty", e).in(source);
    }
    if (e instanceof JsonMappingException mapping) {
      JsonErrors.Problem problem = JsonErrors.problem(mapping);
      return new ConfigException(problem.path(), problem.reason(), e).in(source);
    }
    if (e instanceof JsonProcessingException syntax) {
      return new ConfigException("", "not valid YAML: " + syntax.getOriginalMessage(), e)
          .in(source);
    }
    return new ConfigException("", "cannot read: " + e.getMessage(), e).in(source);
  }

  private static final class Reader extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      try {
        return Durations.parse(text == null ? parser.getText() : text);
      } catch (IllegalArgumentException | ArithmeticException e) {
        return (Duration)
            context.handleWeirdStringValue(Duration.class, parser.getText(), Durations.EXPECTED);
      }
    }
  }
}
