package io.cpesentinel.delivery.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpesentinel.delivery.common.HttpDelivery;
import io.cpesentinel.delivery.common.PermanentDeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Posts quarantine and release events to an ACS-side receiver as Standard Webhooks: a JSON body
 * {@code {type, timestamp, data}}, {@code webhook-id} = the action id (stable across retries and
 * replays, the receiver's idempotency key), {@code webhook-timestamp} = when this attempt was sent,
 * and {@code webhook-signature}. The clock is injected; it only stamps attempts and decides
 * nothing.
 */
public final class SignedWebhookActuator implements QuarantineActuator {
  /** Event types on the wire. */
  public static final String QUARANTINE_TYPE = "cpe.quarantine.requested";

  public static final String RELEASE_TYPE = "cpe.quarantine.released";

  private final URI url;
  private final WebhookSigner signer;
  private final HttpDelivery http;
  private final String tag;
  private final Clock clock;
  private final ObjectMapper json = JsonMapper.builder().build();

  public SignedWebhookActuator(
      URI url, WebhookSigner signer, HttpDelivery http, String tag, Clock clock) {
    this.url = url;
    this.signer = signer;
    this.http = http;
    this.tag = tag;
    this.clock = clock;
  }

  @Override
  public String apply(QuarantineAction action)
      throws PermanentDeliveryException, IOException, InterruptedException {
    String body = json.writeValueAsString(payload(action));
    HttpResponse<String> response = http.send(() -> attempt(action.actionId, body));
    return "webhook HTTP " + response.statusCode();
  }

  /** One attempt: same id and body every time, the timestamp and signature of this attempt. */
  HttpRequest attempt(String id, String body) {
    long timestamp = clock.instant().getEpochSecond();
    return HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature", signer.sign(id, timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private ObjectNode payload(QuarantineAction action) {
    ObjectNode payload = json.createObjectNode();
    payload.put("type", action.kind == ActionKind.RELEASE ? RELEASE_TYPE : QUARANTINE_TYPE);
    payload.put("timestamp", Instant.ofEpochMilli(action.atMillis).toString());
    ObjectNode data = payload.putObject("data");
    data.put("actionId", action.actionId);
    data.put("deviceKey", action.deviceKey);
    data.put("tag", tag);
    data.put("cohortKey", action.cohortKey);
    data.put("alertId", action.alertId);
    data.put("ruleId", action.ruleId);
    data.put("severity", action.severity);
    data.put("trigger", action.trigger);
    data.put("operator", action.operator);
    data.put("reason", action.detail);
    return payload;
  }
}
