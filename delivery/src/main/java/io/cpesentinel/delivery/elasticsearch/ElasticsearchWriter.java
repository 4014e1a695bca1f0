package io.cpesentinel.delivery.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.cpesentinel.delivery.common.Retries;
import io.cpesentinel.delivery.config.ElasticsearchSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers documents and sends them as one bulk request, retrying what can succeed later (connection
 * errors, 429, 5xx, per item or for the whole request) with backoff until it does, and handing what
 * never will to {@link Rejections}. Blocking while it retries is deliberate: it is what
 * back-pressures the job through an outage.
 */
final class ElasticsearchWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchWriter.class);

  private final ElasticsearchClient client;
  private final int maxBulkActions;
  private final DocumentMapper<T> mapper;
  private final Rejections<T> rejections;
  private final RetryPolicy<Object> retry;
  private final Counter indexed;
  private final Counter rejected;
  private List<Pending<T>> buffer = new ArrayList<>();

  ElasticsearchWriter(
      ElasticsearchClient client,
      ElasticsearchSettings settings,
      DocumentMapper<T> mapper,
      Rejections<T> rejections,
      MetricGroup metrics) {
    this.client = client;
    this.maxBulkActions = settings.maxBulkActions();
    this.mapper = mapper;
    this.rejections = rejections;
    this.retry =
        Retries.backoff(settings.retry(), "elasticsearch " + settings.url(), LOG)
            .handleIf(ElasticsearchWriter::isTransient)
            .build();
    this.indexed = metrics.counter("documentsIndexed");
    this.rejected = metrics.counter("documentsRejected");
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    buffer.add(new Pending<>(element, mapper.toDocument(element)));
    if (buffer.size() >= maxBulkActions) {
      sendBuffered();
    }
  }

  /** Called before every checkpoint barrier and at end of input: nothing stays buffered. */
  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    sendBuffered();
    rejections.flush();
  }

  private void sendBuffered() throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    List<Pending<T>> batch = buffer;
    buffer = new ArrayList<>();
    try {
      Failsafe.with(retry).run(() -> sendUntilNothingRetryable(batch));
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IOException("cannot write to Elasticsearch: " + e.getCause(), e.getCause());
    } catch (ElasticsearchException e) {
      // The whole request was refused for good (a 4xx other than 429): every document in it is.
      for (Pending<T> pending : batch) {
        reject(pending, "ES_REQUEST_REFUSED", e.getMessage());
      }
    }
  }

  /**
   * One bulk attempt. Removes indexed and rejected items from {@code batch}; if retryable ones
   * remain, throws so the retry policy sends those again after its backoff.
   */
  private void sendUntilNothingRetryable(List<Pending<T>> batch) throws IOException {
    List<BulkOperation> operations = new ArrayList<>(batch.size());
    for (Pending<T> pending : batch) {
      IndexedDocument doc = pending.document;
      operations.add(
          BulkOperation.of(
              o -> o.index(i -> i.index(doc.index()).id(doc.id()).document(doc.source()))));
    }
    BulkResponse response = client.bulk(b -> b.operations(operations));
    List<BulkResponseItem> items = response.items();
    List<Pending<T>> retryable = new ArrayList<>();
    String lastRetryReason = null;
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      Pending<T> pending = batch.get(i);
      switch (BulkOutcome.of(item.status())) {
        case INDEXED -> indexed.inc();
        case RETRY -> {
          retryable.add(pending);
          lastRetryReason = describe(item);
        }
        case REJECT -> reject(pending, "ES_" + item.status(), describe(item));
      }
    }
    batch.clear();
    batch.addAll(retryable);
    if (!batch.isEmpty()) {
      throw new RetryableItemsException(batch.size(), lastRetryReason);
    }
  }

  private void reject(Pending<T> pending, String code, String reason) {
    rejected.inc();
    rejections.reject(pending.element, pending.document, code, reason);
  }

  private static String describe(BulkResponseItem item) {
    return item.error() == null
        ? "HTTP " + item.status()
        : "HTTP " + item.status() + " " + item.error().type() + ": " + item.error().reason();
  }

  private static boolean isTransient(Throwable e) {
    if (e instanceof RetryableItemsException) {
      return true;
    }
    if (e instanceof ElasticsearchException es) {
      return BulkOutcome.of(es.status()) == BulkOutcome.RETRY;
    }
    if (e instanceof TransportException transport) {
      return transport.statusCode() <= 0
          || BulkOutcome.of(transport.statusCode()) != BulkOutcome.REJECT;
    }
    return e instanceof IOException;
  }

  @Override
  public void close() throws Exception {
    try (client;
        rejections) {
      if (!buffer.isEmpty()) {
        LOG.info(
            "closing with {} unsent documents; they are re-read from Kafka after the restart",
            buffer.size());
      }
    }
  }

  private record Pending<T>(T element, IndexedDocument document) {}

  /** Some items of a bulk request are worth sending again. */
  private static final class RetryableItemsException extends IOException {
    private static final long serialVersionUID = 1L;

    RetryableItemsException(int count, String lastReason) {
      super(count + " documents not yet accepted, e.g. " + lastReason);
    }
  }
}
