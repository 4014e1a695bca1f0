package io.cpesentinel.delivery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PagerDuty's Events API v2 enqueue endpoint on loopback, checking every request against the
 * documented contract (POST JSON, routing_key, event_action trigger|acknowledge|resolve, dedup_key
 * of at most 255 characters, and for a trigger a payload with summary of at most 1024 characters,
 * source, severity critical|error|warning|info, an ISO-8601 timestamp and optional component,
 * group, class and custom_details; the whole event at most 512 KB). A contract violation gets 400
 * as PagerDuty answers it and is recorded. Tests script failures: the first N requests for each
 * dedup key can be answered with given statuses (429, 500), and chosen dedup keys always get 400.
 */
public final class FakePagerDuty implements AutoCloseable {
  private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  /** One request as received and the status answered. */
  public record Request(
      String dedupKey, String action, String routingKey, JsonNode event, int status) {}

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final Set<String> routingKeys;
  private final List<Integer> failFirstWith;
  private final Set<String> refused;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

  /**
   * @param routingKeys keys PagerDuty knows
   * @param failFirstWith statuses for the first requests of every (dedup key, action)
   * @param refused dedup keys answered 400 every time
   */
  public FakePagerDuty(Set<String> routingKeys, List<Integer> failFirstWith, Set<String> refused)
      throws IOException {
    this.routingKeys = routingKeys;
    this.failFirstWith = failFirstWith;
    this.refused = refused;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/enqueue", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue");
  }

  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  public List<String> violations() {
    return new ArrayList<>(violations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      List<String> problems = new ArrayList<>();
      JsonNode event = null;
      if (!"POST".equals(exchange.getRequestMethod())) {
        problems.add("method " + exchange.getRequestMethod());
      }
      String type = exchange.getRequestHeaders().getFirst("content-type");
      if (type == null || !type.startsWith("application/json")) {
        problems.add("content-type " + type);
      }
      if (body.length > 512 * 1024) {
        problems.add("event of " + body.length + " bytes");
      }
      try {
        event = json.readTree(body);
        check(event, problems);
      } catch (IOException e) {
        problems.add("not JSON: " + e.getMessage());
      }
      String dedupKey = event == null ? null : event.path("dedup_key").asText(null);
      String action = event == null ? null : event.path("event_action").asText(null);
      int status;
      String answer;
      if (!problems.isEmpty()) {
        violations.addAll(problems);
        status = 400;
        answer = invalid(problems);
      } else if (refused.contains(dedupKey)) {
        status = 400;
        answer = invalid(List.of("refused by the test"));
      } else {
        int attempt =
            attempts
                .computeIfAbsent(dedupKey + "/" + action, k -> new AtomicInteger())
                .getAndIncrement();
        status = attempt < failFirstWith.size() ? failFirstWith.get(attempt) : 202;
        answer =
            status == 202
                ? "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                    + dedupKey
                    + "\"}"
                : "{\"status\":\"throttled or failed\"}";
      }
      requests.add(
          new Request(
              dedupKey,
              action,
              event == null ? null : event.path("routing_key").asText(null),
              event,
              status));
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void check(JsonNode event, List<String> problems) {
    if (!routingKeys.contains(event.path("routing_key").asText())) {
      problems.add("unknown routing_key");
    }
    String action = event.path("event_action").asText();
    if (!ACTIONS.contains(action)) {
      problems.add("event_action " + action);
    }
    String dedupKey = event.path("dedup_key").asText("");
    if (dedupKey.isEmpty() || dedupKey.length() > 255) {
      problems.add("dedup_key of " + dedupKey.length() + " characters");
    }
    if (!action.equals("trigger")) {
      return;
    }
    JsonNode payload = event.path("payload");
    String summary = payload.path("summary").asText("");
    if (summary.isEmpty() || summary.length() > 1024) {
      problems.add("summary of " + summary.length() + " characters");
    }
    if (payload.path("source").asText("").isEmpty()) {
      problems.add("no source");
    }
    if (!SEVERITIES.contains(payload.path("severity").asText())) {
      problems.add("severity " + payload.path("severity"));
    }
    if (payload.has("timestamp")) {
      try {
        Instant.parse(payload.get("timestamp").asText());
      } catch (DateTimeParseException e) {
        problems.add("timestamp " + payload.get("timestamp"));
      }
    }
    for (String text : List.of("component", "group", "class")) {
      if (payload.has(text) && !payload.get(text).isTextual()) {
        problems.add(text + " is not a string");
      }
    }
    if (payload.has("custom_details") && !payload.get("custom_details").isObject()) {
      problems.add("custom_details is not an object");
    }
  }

  private String invalid(List<String> errors) {
    return "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":"
        + json.valueToTree(errors)
        + "}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
