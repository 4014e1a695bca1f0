package io.cpesentinel.ingest.kafka;

import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.schema.DeadLetter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a bounded sample of rejected input to a dead-letter topic, the bytes unchanged and the
 * reason in {@link DeadLetter} headers. Every rejection is counted; only as many as the rate limit
 * allows are kept, so a flood of garbage can neither fill Kafka nor slow the ingest (the sample is
 * fire-and-forget and never waits for room).
 */
public final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final RecordPublisher publisher;
  private final IngestMetrics metrics;
  private final Bucket bucket;

  public DeadLetters(RecordPublisher publisher, IngestMetrics metrics, int perSecond, int burst) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.bucket =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(burst)
                    .refillGreedy(perSecond, Duration.ofSeconds(1))
                    .build())
            .build();
  }

  /**
   * Offers one rejected input.
   *
   * @param topic the dead-letter topic
   * @param key the key the record would have had, or null
   * @param value the rejected bytes as received
   */
  public void offer(String topic, String key, byte[] value, DeadLetter letter) {
    if (!bucket.tryConsume(1)) {
      metrics.deadLetter(letter.reasonCode(), "sampled_out");
      return;
    }
    try {
      publisher
          .trySendRaw(topic, key, value, letter.toHeaders())
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  metrics.deadLetter(letter.reasonCode(), "sent");
                } else {
                  metrics.deadLetter(letter.reasonCode(), "failed");
                  LOG.warn("dead letter {} not written: {}", letter.reasonCode(), error.toString());
                }
              });
    } catch (KafkaUnavailableException e) {
      metrics.deadLetter(letter.reasonCode(), "failed");
    }
  }

  public static DeadLetter letter(String code, String reason, String stage, String source) {
    return new DeadLetter(code, reason, stage, source, Instant.now());
  }
}
