package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteKeyMemoTest {
  @Test
  void findsKeysByTheBytesOfAReusedBufferAndStopsRememberingWhenFull() {
    ByteKeyMemo<String> memo = new ByteKeyMemo<>(3_000);
    byte[] buffer = new byte[256];
    for (int i = 0; i < 5_000; i++) {
      int length = put(buffer, "Device.DNS.Client.Server." + i + ".DNSServer");
      memo.put(buffer, length, "v" + i);
    }
    assertThat(memo.size()).isEqualTo(3_000);
    for (int i = 0; i < 5_000; i++) {
      // Leftover bytes past the length must not matter.
      int length = put(buffer, "Device.DNS.Client.Server." + i + ".DNSServer");
      assertThat(memo.get(buffer, length)).isEqualTo(i < 3_000 ? "v" + i : null);
      assertThat(memo.get(buffer, length - 1)).isNull();
    }
  }

  @Test
  void shortAndEmptyKeysWork() {
    ByteKeyMemo<String> memo = new ByteKeyMemo<>(10);
    memo.put(new byte[0], 0, "empty");
    memo.put("abc".getBytes(StandardCharsets.UTF_8), 3, "abc");
    assertThat(memo.get(new byte[] {1, 2}, 0)).isEqualTo("empty");
    assertThat(memo.get("abcd".getBytes(StandardCharsets.UTF_8), 3)).isEqualTo("abc");
    assertThat(memo.get("abd".getBytes(StandardCharsets.UTF_8), 3)).isNull();
  }

  private static int put(byte[] buffer, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    buffer[bytes.length] = 'x';
    return bytes.length;
  }
}
