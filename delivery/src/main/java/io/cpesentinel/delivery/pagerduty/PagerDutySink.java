package io.cpesentinel.delivery.pagerduty;

import io.cpesentinel.delivery.common.AlertDeadLetters;
import io.cpesentinel.delivery.common.HttpDelivery;
import io.cpesentinel.delivery.config.PagerDutyRoute;
import io.cpesentinel.delivery.config.PagerDutySettings;
import io.cpesentinel.schema.Alert;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Alerts to PagerDuty as a Flink Sink v2. Each alert is sent before the next is taken (retrying
 * while PagerDuty is unreachable back-pressures the job), so a checkpoint completes only when its
 * alerts were accepted; replays are harmless because PagerDuty deduplicates on {@code dedup_key}.
 * Run it with parallelism 1 so the per-routing-key rate limit holds for the whole job. Routing keys
 * are read from their secret references here, on the task manager.
 */
public final class PagerDutySink implements Sink<Alert> {
  private static final long serialVersionUID = 1L;

  private final PagerDutySettings settings;
  private final String kafkaBootstrap;
  private final String deadLetterTopic;

  public PagerDutySink(PagerDutySettings settings, String kafkaBootstrap, String deadLetterTopic) {
    this.settings = settings;
    this.kafkaBootstrap = kafkaBootstrap;
    this.deadLetterTopic = deadLetterTopic;
  }

  @Override
  public SinkWriter<Alert> createWriter(WriterInitContext context) {
    Map<String, String> keys = new HashMap<>();
    for (PagerDutyRoute route : settings.routes()) {
      keys.put(
          route.name(),
          route.routingKey().resolve("pagerduty.routes." + route.name() + ".routingKey"));
    }
    PagerDutyClient client =
        new PagerDutyClient(
            settings.url(),
            new PagerDutyRouter(settings.routes()),
            keys,
            settings.eventsPerMinutePerRoutingKey(),
            new HttpDelivery("PagerDuty " + settings.url(), settings.retry()),
            System::nanoTime,
            Sleeper.system());
    return new PagerDutyWriter(
        client,
        new AlertDeadLetters(
            kafkaBootstrap, deadLetterTopic, "delivery.pagerduty", Clock.systemUTC()),
        context.metricGroup());
  }
}
