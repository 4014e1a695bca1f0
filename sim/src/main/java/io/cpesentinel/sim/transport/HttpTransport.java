package io.cpesentinel.sim.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.sim.cwmp.CwmpXml;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Real CWMP over HTTP to an ingest in receiver mode: POST Inform → InformResponse (the session
 * cookie kept), a TransferComplete when one is due, then the empty POST that ends the CPE's turn
 * (204). ACS events go to the ingest's webhook as JSON. A refused or failed attempt (503 while
 * Kafka is slow, a connection error) is retried with backoff, as a CPE would.
 */
public final class HttpTransport implements Transport {
  private static final int ATTEMPTS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI cwmp;
  private final URI webhook;
  private final String webhookToken;
  private final FleetStats stats;
  private final Semaphore slots;
  private final ExecutorService executor;
  private final HttpClient client;
  private final ScheduledExecutorService retries;
  private final AtomicLong ids = new AtomicLong();

  /**
   * @param maxSessions sessions open at once (the scheduler waits for a free one)
   */
  public HttpTransport(
      URI cwmp, URI webhook, String webhookToken, int maxSessions, FleetStats stats) {
    this.cwmp = cwmp;
    this.webhook = webhook;
    this.webhookToken = webhookToken;
    this.stats = stats;
    this.slots = new Semaphore(maxSessions);
    this.executor = Executors.newFixedThreadPool(2, daemon("sim-http"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    this.retries = Executors.newSingleThreadScheduledExecutor(daemon("sim-http-retry"));
  }

  @Override
  public String describe() {
    return "CWMP over HTTP to " + cwmp + ", ACS events to " + webhook;
  }

  @Override
  public CompletableFuture<Void> session(CpeSession session) {
    acquire();
    stats.informsSent.increment();
    stats.inFlight.incrementAndGet();
    return withRetries(() -> runSession(session), ATTEMPTS, Duration.ofMillis(500))
        .handle(
            (ok, failure) -> {
              if (failure == null) {
                stats.informsAccepted.increment();
              } else {
                stats.informsLost.increment();
              }
              stats.inFlight.decrementAndGet();
              slots.release();
              return null;
            });
  }

  private void acquire() {
    if (slots.tryAcquire()) {
      return;
    }
    stats.throttled.increment();
    slots.acquireUninterruptibly();
  }

  private CompletableFuture<Void> runSession(CpeSession session) {
    byte[] inform = CwmpXml.inform(Long.toString(ids.incrementAndGet()), session.inform());
    return client
        .sendAsync(post(cwmp, inform, null), HttpResponse.BodyHandlers.discarding())
        .thenCompose(
            response -> {
              expect(response, 200, "Inform");
              String cookie =
                  response
                      .headers()
                      .firstValue("set-cookie")
                      .map(c -> c.split(";", 2)[0])
                      .orElse(null);
              CompletableFuture<Void> next = CompletableFuture.completedFuture(null);
              if (session.transferCommandKey() != null) {
                String now = Instant.now().toString();
                byte[] transfer =
                    CwmpXml.transferComplete(
                        Long.toString(ids.incrementAndGet()),
                        session.transferCommandKey(),
                        session.transferStart().toString(),
                        now);
                next =
                    client
                        .sendAsync(
                            post(cwmp, transfer, cookie), HttpResponse.BodyHandlers.discarding())
                        .thenAccept(r -> expect(r, 200, "TransferComplete"));
              }
              return next.thenCompose(
                  v ->
                      client
                          .sendAsync(
                              post(cwmp, new byte[0], cookie),
                              HttpResponse.BodyHandlers.discarding())
                          .thenAccept(r -> expect(r, 204, "empty POST")));
            });
  }

  @Override
  public CompletableFuture<Void> acs(List<AcsAction> actions) {
    if (actions.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    byte[] body = json(actions);
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + webhookToken)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return withRetries(
            () ->
                client
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> expect(r, 202, "ACS events")),
            ATTEMPTS,
            Duration.ofMillis(500))
        .handle(
            (ok, failure) -> {
              (failure == null ? stats.acsEventsAccepted : stats.acsEventsLost).add(actions.size());
              return null;
            });
  }

  static byte[] json(List<AcsAction> actions) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode events = root.putArray("events");
    for (AcsAction action : actions) {
      ObjectNode event = events.addObject();
      event.put("occurredAt", action.occurredAt().toString());
      event.put("kind", action.kind().name());
      if (action.deviceKey() != null) {
        event.put("deviceKey", action.deviceKey());
      }
      if (action.sourceIp() != null) {
        event.put("sourceIp", action.sourceIp());
      }
      event.put("acsInstance", AcsAction.ACS_INSTANCE);
      if (action.rpcMethod() != null) {
        event.put("rpcMethod", action.rpcMethod());
      }
      if (action.commandKey() != null) {
        event.put("commandKey", action.commandKey());
      }
      if (!action.parameters().isEmpty()) {
        ArrayNode parameters = event.putArray("parameters");
        for (ParameterValue value : action.parameters()) {
          ObjectNode p = parameters.addObject();
          p.put("name", value.getName());
          p.put("value", value.getValue());
          if (value.getType() != null) {
            p.put("type", value.getType());
          }
        }
      }
      if (action.authUsername() != null) {
        event
            .putObject("auth")
            .put("method", "DIGEST")
            .put("username", action.authUsername())
            .put("reason", "bad password");
      }
      if (action.downloadUrl() != null) {
        event
            .putObject("download")
            .put("fileType", AcsAction.FIRMWARE_FILE_TYPE)
            .put("url", action.downloadUrl());
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write ACS events", e);
    }
  }

  private static HttpRequest post(URI uri, byte[] body, String cookie) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (body.length > 0) {
      request.header("SOAPAction", "");
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return request.build();
  }

  private static void expect(HttpResponse<?> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          what + ": HTTP " + response.statusCode() + " (expected " + status + ")");
    }
  }

  private CompletableFuture<Void> withRetries(
      Supplier<CompletableFuture<Void>> attempt, int attempts, Duration backoff) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    run(attempt, attempts, backoff, result);
    return result;
  }

  private void run(
      Supplier<CompletableFuture<Void>> attempt,
      int left,
      Duration backoff,
      CompletableFuture<Void> result) {
    attempt
        .get()
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                result.complete(null);
              } else if (left <= 1 || retries.isShutdown()) {
                result.completeExceptionally(failure);
              } else {
                stats.informsRefused.increment();
                retries.schedule(
                    () -> run(attempt, left - 1, backoff.multipliedBy(2), result),
                    backoff.toMillis(),
                    TimeUnit.MILLISECONDS);
              }
            });
  }

  @Override
  public void close() {
    retries.shutdownNow();
    executor.shutdownNow();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
