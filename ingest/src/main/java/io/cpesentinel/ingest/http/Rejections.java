package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.kafka.DeadLetters;
import io.cpesentinel.ingest.kafka.KafkaUnavailableException;
import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way an endpoint refuses a request: counted by reason, a rate-limited sample sent to the
 * dead-letter topic with the reason, and the peer told why (in the endpoint's {@link ErrorFormat})
 * on a connection that is then closed. And the one way a request is pushed back when Kafka cannot
 * take its records: 503 with Retry-After.
 */
public final class Rejections {
  private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

  /** How an endpoint words an error for its peers (a SOAP Fault, a JSON object, …). */
  public interface ErrorFormat {
    /**
     * @param namespace the CPE's cwmp namespace when known (CWMP only), else null
     */
    ErrorBody format(RejectedInputException e, String namespace);
  }

  /** An error response body. */
  public record ErrorBody(String contentType, byte[] bytes) {}

  private final IngestMetrics metrics;
  private final DeadLetters deadLetters;
  private final String deadLetterTopic;
  private final String stage;
  private final ErrorFormat format;
  private final Duration retryAfter;

  public Rejections(
      IngestMetrics metrics,
      DeadLetters deadLetters,
      String deadLetterTopic,
      String stage,
      ErrorFormat format,
      Duration retryAfter) {
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.deadLetterTopic = deadLetterTopic;
    this.stage = stage;
    this.format = format;
    this.retryAfter = retryAfter;
  }

  /**
   * Refuses a request.
   *
   * @param body what was received (empty when it was never read)
   * @param namespace the CPE's cwmp namespace if known, else null
   * @param key the record key the input would have had, if known
   */
  public void reject(
      Response response,
      Callback callback,
      Peer peer,
      byte[] body,
      String namespace,
      String key,
      RejectedInputException e) {
    metrics.reject(e.reason());
    deadLetters.offer(
        deadLetterTopic,
        key,
        body,
        DeadLetters.letter(e.reason().name(), e.getMessage(), stage, peer.describe()));
    LOG.debug("refused a request from {}: {}", peer.describe(), e.describe());
    HttpResponses.closeAfter(response);
    ErrorBody error = format.format(e, namespace);
    HttpResponses.send(
        response, callback, e.reason().httpStatus(), error.contentType(), error.bytes());
  }

  /** Answers 503 + Retry-After because Kafka could not take (or acknowledge) the records. */
  public void pushBack(Response response, Callback callback, KafkaUnavailableException e) {
    metrics.backPressure(e.causeCode());
    LOG.debug("pushing back: {}", e.getMessage());
    HttpResponses.unavailable(response, callback, retryAfter, "event store busy, retry later");
  }

  /** Answers a failed future: 503 when Kafka is the cause, 500 otherwise. */
  public void failed(Response response, Callback callback, Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof KafkaUnavailableException kafka) {
      pushBack(response, callback, kafka);
      return;
    }
    LOG.error("request failed", cause);
    HttpResponses.closeAfter(response);
    HttpResponses.text(response, callback, 500, "internal error");
  }
}
