package io.cpesentinel.delivery.elasticsearch;

import java.io.Serializable;

/** Turns one stream element into the Elasticsearch document that stands for it. */
@FunctionalInterface
public interface DocumentMapper<T> extends Serializable {
  IndexedDocument toDocument(T element);
}
