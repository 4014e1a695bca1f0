package io.cpesentinel.delivery.elasticsearch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For documents that have no dead-letter topic of their own (the quarantine audit): a refused
 * document is logged at ERROR with its id and the reason, and counted by the writer's {@code
 * documentsRejected} metric.
 */
public final class LoggedRejections<T> implements Rejections<T> {
  private static final Logger LOG = LoggerFactory.getLogger(LoggedRejections.class);

  @Override
  public void reject(T element, IndexedDocument document, String reasonCode, String reason) {
    LOG.error(
        "Elasticsearch refused {}/{} for good ({} {}): {}",
        document.index(),
        document.id(),
        reasonCode,
        reason,
        document.source());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** A factory for sinks. */
  public static <T> Rejections.Factory<T> factory() {
    return LoggedRejections::new;
  }
}
