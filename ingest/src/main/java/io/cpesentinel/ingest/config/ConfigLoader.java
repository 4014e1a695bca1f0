package io.cpesentinel.ingest.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cpesentinel.ingest.json.JsonErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link IngestConfig} from YAML, strictly: an unknown key, a value of the wrong type or out
 * of range fails with the dotted key and the reason. Durations are written {@code 500ms}, {@code
 * 20s}, {@code 5m}, {@code 1h} (or ISO-8601, {@code PT20S}).
 */
public final class ConfigLoader {
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private final YAMLMapper mapper;

  public ConfigLoader() {
    SimpleModule durations = new SimpleModule("durations");
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(durations)
            .build();
  }

  public IngestConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read the config file " + file + ": " + e, e);
    }
    return parse(text, file.toString());
  }

  public IngestConfig parse(String yaml, String source) {
    try {
      IngestConfig config = mapper.readValue(yaml, IngestConfig.class);
      if (config == null) {
        throw new ConfigException(source + ": the config is empty");
      }
      return config;
    } catch (JsonMappingException e) {
      throw new ConfigException(source + ": " + JsonErrors.describe(e));
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}, or ISO-8601. */
  static Duration parseDuration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.strip());
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    return Duration.parse(text.strip());
  }

  private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    DurationDeserializer() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      try {
        return parseDuration(text == null ? parser.getText() : text);
      } catch (DateTimeParseException | NumberFormatException e) {
        return (Duration)
            context.handleWeirdStringValue(
                Duration.class, parser.getText(), "use a duration such as 500ms, 20s, 5m or 1h");
      }
    }
  }
}
