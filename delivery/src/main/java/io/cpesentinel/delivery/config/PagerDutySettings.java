package io.cpesentinel.delivery.config;

import io.cpesentinel.config.ConfigException;
import java.io.Serializable;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PagerDuty Events API v2. Absent from the file means no paging.
 *
 * @param url the enqueue endpoint; default {@code https://events.pagerduty.com/v2/enqueue}
 * @param eventsPerMinutePerRoutingKey PagerDuty throttles around 120 events a minute per
 *     integration key; the job keeps below this instead of collecting 429s; default 120
 * @param routes where alerts go; at least one
 * @param retry backoff on 429, 5xx and network errors; default retries without limit
 */
public record PagerDutySettings(
    URI url, Integer eventsPerMinutePerRoutingKey, List<PagerDutyRoute> routes, RetrySettings retry)
    implements Serializable {
  public static final URI EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

  public PagerDutySettings {
    url = url == null ? EVENTS_V2 : url;
    Endpoints.requireHttp(url, "url");
    eventsPerMinutePerRoutingKey =
        eventsPerMinutePerRoutingKey == null ? 120 : eventsPerMinutePerRoutingKey;
    ConfigException.require(
        eventsPerMinutePerRoutingKey > 0, "eventsPerMinutePerRoutingKey", "must be positive");
    ConfigException.required(routes, "routes");
    ConfigException.require(!routes.isEmpty(), "routes", "give at least one route");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      ConfigException.require(
          names.add(routes.get(i).name()),
          "routes[" + i + "].name",
          "duplicate route name " + routes.get(i).name());
    }
    routes = List.copyOf(routes);
    retry = retry == null ? RetrySettings.DEFAULT : retry;
  }
}
