package io.cpesentinel.delivery.pagerduty;

import io.cpesentinel.delivery.common.AlertDeadLetters;
import io.cpesentinel.delivery.common.PermanentDeliveryException;
import io.cpesentinel.schema.Alert;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each alert as it comes; an alert PagerDuty refuses for good is logged at ERROR with
 * PagerDuty's reason and goes to the dead-letter topic, and the job moves on.
 */
final class PagerDutyWriter implements SinkWriter<Alert> {
  private static final Logger LOG = LoggerFactory.getLogger(PagerDutyWriter.class);

  private final PagerDutyClient client;
  private final AlertDeadLetters deadLetters;
  private final Counter sent;
  private final Counter refused;

  PagerDutyWriter(PagerDutyClient client, AlertDeadLetters deadLetters, MetricGroup metrics) {
    this.client = client;
    this.deadLetters = deadLetters;
    this.sent = metrics.counter("pagerDutyEventsSent");
    this.refused = metrics.counter("pagerDutyEventsRefused");
  }

  @Override
  public void write(Alert alert, Context context) throws IOException, InterruptedException {
    try {
      sent.inc(client.send(alert));
    } catch (PermanentDeliveryException e) {
      refused.inc();
      LOG.error(
          "PAGERDUTY REFUSED alert {} (rule {}), not retrying, no page was sent: {}",
          alert.getAlertId(),
          alert.getRuleId(),
          e.getMessage());
      deadLetters.send(alert, "PAGERDUTY_" + e.status(), e.getMessage(), "pagerduty");
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    deadLetters.flush();
  }

  @Override
  public void close() {
    deadLetters.close();
  }
}
