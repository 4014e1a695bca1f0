package io.cpesentinel.delivery.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cpesentinel.delivery.quarantine.WebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ACS side on loopback: a Standard Webhooks receiver that verifies every signature and
 * timestamp (5-minute tolerance, as the spec recommends) and a GenieACS NBI that records {@code
 * POST|DELETE /devices/<id>/tags/<tag>}.
 */
public final class FakeAcs implements AutoCloseable {
  /** A webhook as received. */
  public record Webhook(String id, String body) {}

  /** A tag call to the NBI, the device id decoded. */
  public record TagCall(String method, String deviceKey, String tag) {}

  private final HttpServer server;
  private final WebhookSigner signer;
  private final ConcurrentLinkedQueue<Webhook> webhooks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<TagCall> tagCalls = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

  public FakeAcs(String webhookSecret) throws IOException {
    this.signer = WebhookSigner.fromSecret(webhookSecret);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", this::webhook);
    server.createContext("/nbi/devices/", this::nbi);
    server.start();
  }

  public URI webhookUrl() {
    return URI.create(base() + "/hook");
  }

  public URI nbiUrl() {
    return URI.create(base() + "/nbi/");
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Webhook> webhooks() {
    return new ArrayList<>(webhooks);
  }

  public List<TagCall> tagCalls() {
    return new ArrayList<>(tagCalls);
  }

  public List<String> violations() {
    return new ArrayList<>(violations);
  }

  private void webhook(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
      String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
      String problem = null;
      if (id == null || timestamp == null || signature == null) {
        problem = "missing webhook headers";
      } else {
        long seconds = Long.parseLong(timestamp);
        long skew = Math.abs(Instant.now().getEpochSecond() - seconds);
        if (skew > Duration.ofMinutes(5).toSeconds()) {
          problem = "timestamp " + seconds + " outside tolerance";
        } else if (!signer.verify(id, seconds, body, signature)) {
          problem = "bad signature for " + id;
        }
      }
      if (problem != null) {
        violations.add(problem);
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      webhooks.add(new Webhook(id, body));
      exchange.sendResponseHeaders(204, -1);
    }
  }

  private void nbi(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] parts = exchange.getRequestURI().getRawPath().split("/");
      // "", "nbi", "devices", <id>, "tags", <tag>
      if (parts.length != 6 || !parts[4].equals("tags")) {
        violations.add("unexpected NBI path " + exchange.getRequestURI().getRawPath());
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      tagCalls.add(
          new TagCall(
              exchange.getRequestMethod(),
              URLDecoder.decode(parts[3], StandardCharsets.UTF_8),
              URLDecoder.decode(parts[5], StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
