package io.cpesentinel.delivery.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cpesentinel.delivery.quarantine.WebhookSigner;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.util.TimeUtils;

/**
 * Reads the YAML configuration file into a {@link DeliveryConfig} and refuses to start on anything
 * doubtful: an unknown key (a typo would otherwise silently keep a default, such as dry-run off), a
 * value of the wrong type or out of range, a secret that cannot be read. Every error names the key
 * as a dotted path and the reason. Durations are written as Flink writes them: {@code 30 s}, {@code
 * 500ms}, {@code 2 min}.
 */
public final class ConfigLoader {
  private final ObjectMapper yaml;
  private final UnaryOperator<String> environment;

  public ConfigLoader() {
    this(System::getenv);
  }

  /** With a given environment, so secrets in environment variables can be tested. */
  public ConfigLoader(UnaryOperator<String> environment) {
    this.environment = environment;
    this.yaml =
        JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(
                new SimpleModule("durations").addDeserializer(Duration.class, new Durations()))
            .build();
  }

  public DeliveryConfig load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader);
    } catch (IOException e) {
      if (e instanceof JsonMappingException mapping) {
        throw translate(mapping);
      }
      throw new ConfigException(file.toString(), "cannot read the configuration file: " + e);
    }
  }

  public DeliveryConfig parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (JsonMappingException e) {
      throw translate(e);
    } catch (IOException e) {
      throw new ConfigException("(file)", "not valid YAML: " + e.getMessage());
    }
  }

  private DeliveryConfig read(Reader reader) throws IOException {
    DeliveryConfig config = yaml.readValue(reader, DeliveryConfig.class);
    ConfigException.required(config, "(file)");
    checkSecrets(config);
    return config;
  }

  /** Reads each secret once, so a missing file or variable stops the job now, not at 3 a.m. */
  private void checkSecrets(DeliveryConfig config) {
    if (config.elasticsearch().apiKey() != null) {
      resolve(config.elasticsearch().apiKey(), "elasticsearch.apiKey");
    }
    if (config.pagerduty() != null) {
      List<PagerDutyRoute> routes = config.pagerduty().routes();
      for (int i = 0; i < routes.size(); i++) {
        resolve(routes.get(i).routingKey(), "pagerduty.routes[" + i + "].routingKey");
      }
    }
    QuarantineSettings quarantine = config.quarantine();
    if (quarantine != null && quarantine.webhook() != null) {
      String secret = resolve(quarantine.webhook().secret(), "quarantine.webhook.secret");
      try {
        WebhookSigner.fromSecret(secret);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("quarantine.webhook.secret", e.getMessage());
      }
    }
    if (quarantine != null && quarantine.genieacs() != null) {
      if (quarantine.genieacs().password() != null) {
        resolve(quarantine.genieacs().password(), "quarantine.genieacs.password");
      }
    }
  }

  private String resolve(SecretRef ref, String key) {
    try {
      return ref.resolve(environment);
    } catch (ConfigException e) {
      throw new ConfigException(key, e.reason());
    }
  }

  private static ConfigException translate(JsonMappingException e) {
    String path = path(e);
    Throwable cause = e.getCause();
    if (cause instanceof ConfigException config) {
      return config.key().isEmpty()
          ? new ConfigException(path, config.reason())
          : config.under(path);
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      List<String> known = new ArrayList<>();
      unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      known.sort(null);
      return new ConfigException(path, "unknown key; known keys here: " + String.join(", ", known));
    }
    if (e instanceof InvalidFormatException format) {
      Class<?> target = format.getTargetType();
      String expected =
          target.isEnum()
              ? "one of "
                  + Arrays.stream(target.getEnumConstants())
                      .map(String::valueOf)
                      .collect(Collectors.joining(", "))
              : "a " + target.getSimpleName();
      return new ConfigException(
          path, "cannot read '" + format.getValue() + "': expected " + expected);
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new ConfigException(
          path, "wrong kind of value: expected " + mismatch.getTargetType().getSimpleName());
    }
    return new ConfigException(path, e.getOriginalMessage());
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** {@code 30 s}, {@code 500ms}, {@code 2 min}: the duration syntax of Flink's own config. */
  private static final class Durations extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      try {
        return TimeUtils.parseDuration(text);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw context.weirdStringException(
            text, Duration.class, "expected a duration such as '30 s', '500 ms' or '2 min'");
      }
    }
  }
}
