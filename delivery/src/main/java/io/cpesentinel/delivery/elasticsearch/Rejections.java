package io.cpesentinel.delivery.elasticsearch;

import java.io.IOException;
import java.io.Serializable;

/**
 * What happens to an element Elasticsearch will never accept (a mapping error, any other 4xx): for
 * alerts, the dead-letter topic. The writer flushes it on every checkpoint.
 */
public interface Rejections<T> extends AutoCloseable {
  void reject(T element, IndexedDocument document, String reasonCode, String reason);

  void flush() throws IOException;

  @Override
  void close();

  /** Opens the {@link Rejections} of one sink writer, on the task manager. */
  @FunctionalInterface
  interface Factory<T> extends Serializable {
    Rejections<T> open();
  }
}
