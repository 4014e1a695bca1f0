package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.kafka.KafkaUnavailableException;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.kafka.RecordPublisher;
import io.cpesentinel.ingest.metrics.IngestMetrics;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * "Answer only after Kafka has it": publishes the records an exchange produced and runs the reply
 * once every one is acknowledged; if Kafka refuses or fails them, the peer gets 503 with
 * Retry-After instead and keeps its data.
 */
public final class AckedReplies {
  private final RecordPublisher publisher;
  private final Rejections rejections;
  private final IngestMetrics metrics;
  private final String mode;

  public AckedReplies(
      RecordPublisher publisher, Rejections rejections, IngestMetrics metrics, String mode) {
    this.publisher = publisher;
    this.rejections = rejections;
    this.metrics = metrics;
    this.mode = mode.toLowerCase(Locale.ROOT);
  }

  public void publishThen(
      Response response,
      Callback callback,
      Executor executor,
      List<Outgoing> records,
      Runnable reply) {
    try {
      publisher
          .publish(records)
          .whenCompleteAsync(
              (ok, error) -> {
                if (error != null) {
                  rejections.failed(response, callback, error);
                  return;
                }
                count(records);
                reply.run();
              },
              executor);
    } catch (KafkaUnavailableException e) {
      rejections.pushBack(response, callback, e);
    }
  }

  private void count(List<Outgoing> records) {
    for (Outgoing record : records) {
      if (record instanceof Outgoing.Inform) {
        metrics.inform(mode);
      } else if (record instanceof Outgoing.Event event) {
        metrics.acsEvent(
            event.record().getOrigin().name().toLowerCase(Locale.ROOT),
            event.record().getKind().name().toLowerCase(Locale.ROOT));
      }
    }
  }
}
