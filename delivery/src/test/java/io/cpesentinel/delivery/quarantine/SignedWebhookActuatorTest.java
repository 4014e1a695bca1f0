package io.cpesentinel.delivery.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SignedWebhookActuatorTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void everyAttemptKeepsTheIdempotencyIdAndIsSignedWithItsOwnTimestamp() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-05-01T10:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    WebhookSigner signer = WebhookSigner.fromSecret(SECRET);
    SignedWebhookActuator hook =
        new SignedWebhookActuator(
            URI.create("https://acs.isp.example/hook"), signer, null, "quarantine", clock);

    HttpRequest first = hook.attempt("a1b2", "{\"type\":\"cpe.quarantine.requested\"}");
    now.set(now.get().plusSeconds(90));
    HttpRequest retry = hook.attempt("a1b2", "{\"type\":\"cpe.quarantine.requested\"}");

    assertThat(retry.headers().firstValue("webhook-id"))
        .isEqualTo(first.headers().firstValue("webhook-id"));
    assertThat(first.headers().firstValue("webhook-timestamp")).contains("1777629600");
    assertThat(retry.headers().firstValue("webhook-timestamp")).contains("1777629690");
    for (HttpRequest attempt : new HttpRequest[] {first, retry}) {
      long timestamp =
          Long.parseLong(attempt.headers().firstValue("webhook-timestamp").orElseThrow());
      assertThat(
              signer.verify(
                  "a1b2",
                  timestamp,
                  "{\"type\":\"cpe.quarantine.requested\"}",
                  attempt.headers().firstValue("webhook-signature").orElseThrow()))
          .isTrue();
    }
  }
}
