package io.cpesentinel.delivery.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  // The example secret and message of the Standard Webhooks reference implementations.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String BODY = "{\"test\": 2432232314}";

  @Test
  void signsIdTimestampAndBodyAsTheReferenceImplementationsDo() {
    assertThat(WebhookSigner.fromSecret(SECRET).sign(ID, TIMESTAMP, BODY))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void verifiesItsOwnSignatureAmongSeveralAndRejectsATamperedBody() {
    WebhookSigner signer = WebhookSigner.fromSecret(SECRET);
    String header = "v1,bm90LXRoaXMtb25l " + signer.sign(ID, TIMESTAMP, BODY);

    assertThat(signer.verify(ID, TIMESTAMP, BODY, header)).isTrue();
    assertThat(signer.verify(ID, TIMESTAMP, BODY + " ", header)).isFalse();
    assertThat(signer.verify(ID, TIMESTAMP + 1, BODY, header)).isFalse();
  }

  @Test
  void refusesSecretsThatAreNotWhsecBase64OfAUsefulLengthWithoutEchoingThem() {
    assertThatThrownBy(() -> WebhookSigner.fromSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .hasMessageContaining("whsec_")
        .hasMessageNotContaining("MfKQ9r8G");
    assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_c2hvcnQ="))
        .hasMessageContaining("24 to 64 bytes");
    assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_%%%"))
        .hasMessageContaining("not base64");
  }
}
