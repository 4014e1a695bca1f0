package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentStringsTest {
  private final RecentStrings recent = new RecentStrings(16);

  @Test
  void repeatedShortStringsAreOneInstanceAndEveryAnswerIsRight() {
    String first = decode("192.0.2.53");
    assertThat(decode("192.0.2.53")).isSameAs(first);
    // Many others may evict it from its slot; answers stay right either way.
    for (int i = 0; i < 1_000; i++) {
      assertThat(decode("value-" + i)).isEqualTo("value-" + i);
    }
    assertThat(decode("192.0.2.53")).isEqualTo("192.0.2.53");
    assertThat(decode("Ünïcödé")).isEqualTo("Ünïcödé");
  }

  @Test
  void longStringsAreNotCached() {
    String digest = "hmac-sha256:" + "ab".repeat(32);
    assertThat(decode(digest)).isEqualTo(digest).isNotSameAs(decode(digest));
  }

  private String decode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] buffer = recent.buffer(bytes.length + 3);
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    return recent.decode(buffer, bytes.length);
  }
}
