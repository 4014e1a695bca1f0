package io.cpesentinel.delivery.elasticsearch;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code <prefix>-yyyy.MM} (UTC) for a time that never changes for a document (an alert's window
 * start is part of its id), so every update of a document lands in the same index and {@code _id}
 * stays unique; monthly indices keep retention a matter of deleting old months.
 */
public record MonthlyIndex(String prefix) implements Serializable {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  public String of(Instant time) {
    return prefix + "-" + MONTH.format(time);
  }

  /** Pattern that matches every month, for searches and templates. */
  public String pattern() {
    return prefix + "-*";
  }
}
