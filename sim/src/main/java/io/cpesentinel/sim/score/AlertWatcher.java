package io.cpesentinel.sim.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the alert documents of one index pattern from Elasticsearch ({@code _search}, what a SOC
 * analyst's Kibana sees) and remembers when each alert id first became searchable, which is the end
 * point of time-to-detect and of the end-to-end latency.
 */
public final class AlertWatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI search;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, AlertDoc> seen = new LinkedHashMap<>();
  private final boolean live;

  /**
   * @param live true while the run goes on (first-searchable times are recorded); false to read the
   *     alerts of a finished run
   */
  public AlertWatcher(String elasticsearchUrl, String indexPattern, boolean live) {
    this.live = live;
    String base = elasticsearchUrl.endsWith("/") ? elasticsearchUrl : elasticsearchUrl + "/";
    this.search =
        URI.create(base + indexPattern + "/_search?ignore_unavailable=true&allow_no_indices=true");
  }

  /** Polls once; returns every alert seen so far, with its first-searchable time. */
  public synchronized List<AlertDoc> poll() throws IOException, InterruptedException {
    long now = System.currentTimeMillis();
    String query =
        "{\"size\":10000,\"_source\":[\"rule.id\",\"cpe.subject.key\",\"cpe.device.key\","
            + "\"alert.status\",\"alert.title\"],\"sort\":[\"_doc\"]}";
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(search)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 503) {
      return new ArrayList<>(seen.values()); // the run's index was just created
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "Elasticsearch search "
              + search
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
      String id = hit.path("_id").asText();
      JsonNode source = hit.path("_source");
      AlertDoc previous = seen.get(id);
      seen.put(
          id,
          new AlertDoc(
              id,
              source.path("rule").path("id").asText(null),
              source.path("cpe").path("subject").path("key").asText(null),
              source.path("cpe").path("device").path("key").asText(null),
              source.path("alert").path("status").asText(null),
              source.path("alert").path("title").asText(null),
              previous != null ? previous.firstSearchableAt() : live ? now : -1));
    }
    return new ArrayList<>(seen.values());
  }

  /** Alerts read so far without polling. */
  public synchronized List<AlertDoc> alerts() {
    return new ArrayList<>(seen.values());
  }
}
