package io.cpesentinel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.schema.AuthMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {
  @Test
  void basicGivesTheUserNeverThePassword() {
    String token =
        Base64.getEncoder().encodeToString("cpe-42:s3cret".getBytes(StandardCharsets.UTF_8));

    assertThat(AuthorizationHeader.parse("Basic " + token))
        .isEqualTo(new AuthorizationHeader(AuthMethod.BASIC, "cpe-42"));
  }

  @Test
  void digestGivesTheUsernameParameter() {
    assertThat(
            AuthorizationHeader.parse(
                "Digest realm=\"GenieACS\", nonce=\"abc\", uri=\"/\", response=\"ff\","
                    + " username=\"0012AB-S1\", qop=auth, nc=00000001, cnonce=\"x\""))
        .isEqualTo(new AuthorizationHeader(AuthMethod.DIGEST, "0012AB-S1"));
  }

  @Test
  void absentAndUnknownSchemes() {
    assertThat(AuthorizationHeader.parse(null)).isNull();
    assertThat(AuthorizationHeader.parse("Bearer x").method()).isEqualTo(AuthMethod.OTHER);
    assertThat(AuthorizationHeader.challengeMethod("Digest realm=\"x\""))
        .isEqualTo(AuthMethod.DIGEST);
    assertThat(AuthorizationHeader.challengeMethod("Basic realm=\"x\""))
        .isEqualTo(AuthMethod.BASIC);
  }
}
