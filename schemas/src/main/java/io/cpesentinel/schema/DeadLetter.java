package io.cpesentinel.schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Why a record went to a dead-letter topic. The rejected key and value stay byte-for-byte as
 * received (so a fixed consumer can re-read them) and the reason travels in headers, as Kafka
 * Connect does with its error headers.
 *
 * @param reasonCode short machine-readable cause, e.g. {@code UNKNOWN_SCHEMA} or {@code
 *     XML_DOCTYPE}, for counting
 * @param reason a sentence an operator can act on
 * @param stage which part rejected it, e.g. {@code ingest.cwmp} or {@code detection.decode}
 * @param source where the record was read, {@code topic/partition/offset}, or the peer address for
 *     records that never reached Kafka
 * @param rejectedAt when it was rejected
 */
public record DeadLetter(
    String reasonCode, String reason, String stage, String source, Instant rejectedAt) {
  public static final String REASON_CODE = "dlq.reason.code";
  public static final String REASON = "dlq.reason";
  public static final String STAGE = "dlq.stage";
  public static final String SOURCE = "dlq.source";
  public static final String REJECTED_AT = "dlq.rejected.at";

  /** Longest reason kept; the rest of a huge exception message is of no use in a header. */
  static final int MAX_REASON_CHARS = 2048;

  public DeadLetter {
    if (reason.length() > MAX_REASON_CHARS) {
      reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
  }

  public Headers toHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON_CODE, utf8(reasonCode));
    headers.add(REASON, utf8(reason));
    headers.add(STAGE, utf8(stage));
    headers.add(SOURCE, utf8(source));
    headers.add(REJECTED_AT, utf8(rejectedAt.toString()));
    return headers;
  }

  /** Reads the headers {@link #toHeaders()} wrote; empty when the record is not a dead letter. */
  public static Optional<DeadLetter> fromHeaders(Headers headers) {
    Header code = headers.lastHeader(REASON_CODE);
    if (code == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DeadLetter(
            text(code),
            text(headers.lastHeader(REASON)),
            text(headers.lastHeader(STAGE)),
            text(headers.lastHeader(SOURCE)),
            Instant.parse(text(headers.lastHeader(REJECTED_AT)))));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Header header) {
    if (header == null) {
      throw new IllegalArgumentException("dead-letter record lacks a header it must carry");
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
