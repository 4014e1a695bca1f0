package io.cpesentinel.delivery.elasticsearch;

import io.cpesentinel.delivery.config.ElasticsearchSettings;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;

/**
 * A Flink Sink v2 for Elasticsearch with the Java client (there is no Elasticsearch connector for
 * Flink 2.x). At-least-once with deterministic {@code _id}s, which makes it effectively exactly
 * once: documents are sent in bulk when {@code maxBulkActions} are buffered and on every
 * checkpoint, and a checkpoint completes only when its documents are in Elasticsearch. While
 * Elasticsearch is unreachable the writer keeps retrying, the job back-pressures, and Kafka holds
 * the backlog.
 */
public final class ElasticsearchSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final ElasticsearchSettings settings;
  private final DocumentMapper<T> mapper;
  private final Rejections.Factory<T> rejections;

  public ElasticsearchSink(
      ElasticsearchSettings settings, DocumentMapper<T> mapper, Rejections.Factory<T> rejections) {
    this.settings = settings;
    this.mapper = mapper;
    this.rejections = rejections;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return openWriter(context.metricGroup());
  }

  /** A writer outside a sink operator, e.g. for a committer that records outcomes. */
  public SinkWriter<T> openWriter(MetricGroup metrics) {
    return new ElasticsearchWriter<>(
        ElasticsearchClients.open(settings), settings, mapper, rejections.open(), metrics);
  }
}
