package io.cpesentinel.delivery.pagerduty;

import io.cpesentinel.delivery.common.HttpDelivery;
import io.cpesentinel.delivery.common.PermanentDeliveryException;
import io.cpesentinel.delivery.common.TokenBucket;
import io.cpesentinel.schema.Alert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Sends alerts to PagerDuty: picks the routes, waits for the route's rate limiter (about 120 events
 * a minute per routing key, as PagerDuty throttles), and posts the event, retrying 429, 5xx and
 * network errors with backoff; a 400 (or other 4xx) is thrown as {@link PermanentDeliveryException}
 * and never retried.
 */
public final class PagerDutyClient {
  /** Burst allowed after a quiet spell, so a few alerts at once are not spaced out needlessly. */
  private static final int BURST = 10;

  private final URI url;
  private final PagerDutyRouter router;
  private final Map<String, String> routingKeys;
  private final Map<String, TokenBucket> limiters = new HashMap<>();
  private final PagerDutyEvents events = new PagerDutyEvents();
  private final HttpDelivery http;
  private final Sleeper sleeper;

  /**
   * @param routingKeys routing key by route name, already resolved
   * @param eventsPerMinute per routing key
   * @param nanoClock drives the rate limiters
   */
  public PagerDutyClient(
      URI url,
      PagerDutyRouter router,
      Map<String, String> routingKeys,
      int eventsPerMinute,
      HttpDelivery http,
      LongSupplier nanoClock,
      Sleeper sleeper) {
    this.url = url;
    this.router = router;
    this.routingKeys = Map.copyOf(routingKeys);
    this.http = http;
    this.sleeper = sleeper;
    routingKeys
        .keySet()
        .forEach(name -> limiters.put(name, new TokenBucket(eventsPerMinute, BURST, nanoClock)));
  }

  /**
   * Sends one alert to each of its routes.
   *
   * @return how many events were sent (0 when no route takes the alert)
   */
  public int send(Alert alert)
      throws PermanentDeliveryException, IOException, InterruptedException {
    List<String> routes = router.routesFor(alert);
    for (String route : routes) {
      long wait = limiters.get(route).reserve();
      if (wait > 0) {
        sleeper.sleepNanos(wait);
      }
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(30))
              .header("content-type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofByteArray(
                      events.body(alert, routingKeys.get(route))))
              .build();
      http.send(() -> request);
    }
    return routes.size();
  }
}
