package io.cpesentinel.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end latency of probe alerts: from the moment the ingest received the probe's Inform (the
 * alert's {@code alert.first_seen}, which for a posture finding is the Inform's received-at that
 * the ingest stamped) to the moment a search of Elasticsearch first returns the alert document
 * (polled every {@link #POLL}, so figures are up to one poll late).
 */
final class ProbeLatency {
  static final Duration POLL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI search;
  private final String rule;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, Long> latencies = new HashMap<>();

  ProbeLatency(String elasticsearchUrl, String indexPattern, String rule) {
    this.search =
        URI.create(
            elasticsearchUrl
                + "/"
                + indexPattern
                + "/_search?ignore_unavailable=true&allow_no_indices=true");
    this.rule = rule;
  }

  /** Polls once; records the latency of every probe alert seen for the first time. */
  synchronized void poll() throws IOException, InterruptedException {
    long now = System.currentTimeMillis();
    String query =
        "{\"size\":10000,\"query\":{\"term\":{\"rule.id\":\""
            + rule
            + "\"}},\"_source\":[\"alert.first_seen\"]}";
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(search)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 503) {
      return; // the run's index was just created: its shard is not ready yet
    }
    if (response.statusCode() != 200) {
      throw new IOException("search: HTTP " + response.statusCode() + " " + response.body());
    }
    for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
      String id = hit.path("_id").asText();
      if (!latencies.containsKey(id)) {
        String firstSeen = hit.path("_source").path("alert").path("first_seen").asText();
        latencies.put(id, now - Instant.parse(firstSeen).toEpochMilli());
      }
    }
  }

  synchronized int count() {
    return latencies.size();
  }

  /** The {@code q}-quantile (0..1) in ms, nearest rank; -1 without samples. */
  synchronized long quantile(double q) {
    List<Long> sorted = new ArrayList<>(latencies.values());
    if (sorted.isEmpty()) {
      return -1;
    }
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
  }
}
