package io.cpesentinel.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Jackson's mapping errors as one sentence that names the field by its path ({@code
 * events[2].auth.method}, {@code cwmp.limits.maxBodyBytes}) and says what is wrong, for config
 * files and webhook bodies alike.
 */
public final class JsonErrors {
  private JsonErrors() {}

  /** What is wrong, and where: {@code path} is the dotted path of the field, or empty. */
  public record Problem(String path, String reason) {
    @Override
    public String toString() {
      return path.isEmpty() ? reason : path + ": " + reason;
    }
  }

  /** {@code path: reason}, e.g. for a refused webhook body. */
  public static String describe(JsonMappingException e) {
    return problem(e).toString();
  }

  public static Problem problem(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
      return new Problem(
          path(e, unknown.getPropertyName()), "unknown field (known here: " + known + ")");
    }
    if (e.getCause() instanceof ConfigException config) {
      // Thrown by a record's own validation, with the key relative to that record.
      return new Problem(config.under(path(e, null)).key(), config.reason());
    }
    if (e instanceof ValueInstantiationException) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Problem(path(e, null), firstLine(cause.getMessage()));
    }
    if (e instanceof InvalidFormatException format) {
      return new Problem(
          path(e, null),
          "cannot use '" + format.getValue() + "' as " + describe(format.getTargetType()));
    }
    if (e instanceof MismatchedInputException
        && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Missing required creator property")) {
      String field = e.getOriginalMessage().replaceAll(".*'([^']*)'.*", "$1");
      return new Problem(path(e, field), "is required");
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      // Never echo the offending value: it may be a secret written where a reference belongs.
      return new Problem(
          path(e, null), "wrong type, expected " + describe(mismatch.getTargetType()));
    }
    return new Problem(path(e, null), firstLine(e.getOriginalMessage()));
  }

  private static String path(JsonMappingException e, String leaf) {
    String prefix =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    prefix = prefix.startsWith(".") ? prefix.substring(1) : prefix;
    if (leaf == null || leaf.isEmpty()) {
      return prefix;
    }
    if (prefix.endsWith("." + leaf) || prefix.equals(leaf)) {
      return prefix;
    }
    return prefix.isEmpty() ? leaf : prefix + "." + leaf;
  }

  private static String describe(Class<?> type) {
    if (type == Duration.class) {
      return Durations.EXPECTED;
    }
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder("one of");
      for (Object constant : type.getEnumConstants()) {
        values.append(' ').append(constant.toString().toLowerCase(Locale.ROOT));
      }
      return values.toString();
    }
    if (type.isRecord()) {
      StringBuilder fields = new StringBuilder("a mapping with");
      for (var component : type.getRecordComponents()) {
        fields.append(' ').append(component.getName());
      }
      return fields.toString();
    }
    return type.getSimpleName();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
