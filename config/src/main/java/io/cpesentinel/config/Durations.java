package io.cpesentinel.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every configuration file: a number and a unit ({@code 500ms}, {@code
 * 30s}, {@code 30 s}, {@code 5m}, {@code 2 min}, {@code 1h}, {@code 7d}), or ISO-8601 ({@code
 * PT30S}, {@code P7D}) for files written that way.
 */
public final class Durations {
  private static final Pattern AMOUNT_AND_UNIT =
      Pattern.compile("(\\d{1,12})\\s*(ms|s|sec|m|min|h|d)", Pattern.CASE_INSENSITIVE);

  /** What an operator is told when a value is not a duration. */
  public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 1h, 7d or PT30S";

  private Durations() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a duration
   */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.strip();
    Matcher m = AMOUNT_AND_UNIT.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s", "sec" -> Duration.ofSeconds(amount);
        case "m", "min" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + value + "' is not " + EXPECTED, e);
    }
  }
}
