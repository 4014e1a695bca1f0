package io.cpesentinel.delivery.elasticsearch;

import io.cpesentinel.delivery.common.AlertDeadLetters;
import io.cpesentinel.schema.Alert;
import java.io.IOException;
import java.time.Clock;

/** Alerts Elasticsearch refuses for good go to the alert dead-letter topic with the reason. */
public final class AlertRejections implements Rejections<Alert> {
  private final AlertDeadLetters deadLetters;

  private AlertRejections(AlertDeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  public static Rejections.Factory<Alert> toDeadLetterTopic(String bootstrapServers, String topic) {
    return () ->
        new AlertRejections(
            new AlertDeadLetters(
                bootstrapServers, topic, "delivery.elasticsearch", Clock.systemUTC()));
  }

  @Override
  public void reject(Alert alert, IndexedDocument document, String reasonCode, String reason) {
    deadLetters.send(
        alert, reasonCode, reason, "elasticsearch/" + document.index() + "/" + document.id());
  }

  @Override
  public void flush() throws IOException {
    deadLetters.flush();
  }

  @Override
  public void close() {
    deadLetters.close();
  }
}
