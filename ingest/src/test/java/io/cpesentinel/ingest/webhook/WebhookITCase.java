package io.cpesentinel.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.testing.RunningIngest;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.DeadLetter;
import io.cpesentinel.schema.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class WebhookITCase {
  private static final String CONFIG =
      """
      mode: receiver
      cwmp:
        listen: {host: 127.0.0.1, port: 0}
      webhook:
        enabled: true
        listen: {host: 127.0.0.1, port: 0}
        token: {env: TEST_WEBHOOK_TOKEN}
      deadLetters: {perSecond: 1, burst: 10}
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(RunningIngest ingest, String token, String type, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ingest.server().webhookPort() + "/v1/acs-events"))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptedEventsAreInKafkaBeforeThe202(StackResources stack) throws Exception {
    try (RunningIngest ingest = RunningIngest.start(stack, CONFIG, Map.of())) {
      HttpResponse<String> answer =
          post(
              ingest,
              RunningIngest.WEBHOOK_TOKEN,
              "application/json",
              """
              {"events": [
                {"occurredAt": "2026-05-01T10:00:00Z", "kind": "REBOOT", "deviceKey": "0012AB-HGW-S1",
                 "commandKey": "rb-1", "acsInstance": "acs-eu-1"},
                {"occurredAt": "2026-05-01T10:00:01Z", "kind": "OPERATOR_ACTION",
                 "deviceKey": "0012AB-HGW-S1", "operator": "noc-alice", "message": "factory reset requested"}
              ]}
              """);

      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(answer.body()).contains("\"accepted\":2");
      List<AcsEvent> events = ingest.events(2);
      assertThat(events)
          .extracting(AcsEvent::getKind)
          .containsExactly(AcsEventKind.REBOOT, AcsEventKind.OPERATOR_ACTION);
      assertThat(answer.body()).contains(events.get(0).getEventId(), events.get(1).getEventId());
      List<ConsumerRecord<byte[], byte[]>> records = ingest.read(Topic.ACS_EVENTS, 2);
      assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8))
          .isEqualTo("0012AB-HGW-S1");
    }
  }

  @Test
  void badRequestsAreRefusedWithTheReason(StackResources stack) throws Exception {
    try (RunningIngest ingest = RunningIngest.start(stack, CONFIG, Map.of())) {
      String invalid =
          "{\"events\": [{\"occurredAt\": \"2026-05-01T10:00:00Z\", \"kind\": \"REBOOT\", \"x\": 1}]}";

      HttpResponse<String> noToken = post(ingest, null, "application/json", invalid);
      HttpResponse<String> wrongToken = post(ingest, "guess", "application/json", invalid);
      HttpResponse<String> wrongType =
          post(ingest, RunningIngest.WEBHOOK_TOKEN, "text/plain", invalid);
      HttpResponse<String> unknownField =
          post(ingest, RunningIngest.WEBHOOK_TOKEN, "application/json", invalid);

      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(wrongToken.statusCode()).isEqualTo(401);
      assertThat(wrongType.statusCode()).isEqualTo(415);
      assertThat(unknownField.statusCode()).isEqualTo(400);
      assertThat(unknownField.body()).contains("JSON_INVALID", "events[0].x", "unknown field");
      ConsumerRecord<byte[], byte[]> letter = ingest.read(Topic.ACS_EVENTS_DLQ, 1).get(0);
      assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(invalid);
      assertThat(DeadLetter.fromHeaders(letter.headers()).orElseThrow().stage())
          .isEqualTo("ingest.webhook");
    }
  }
}
