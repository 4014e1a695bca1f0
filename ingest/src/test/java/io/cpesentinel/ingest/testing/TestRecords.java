package io.cpesentinel.ingest.testing;

import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.cwmp.EventIds;
import io.cpesentinel.ingest.secret.KeyedDigest;
import io.cpesentinel.ingest.secret.ParameterRedactor;
import io.cpesentinel.ingest.secret.SecretParameterPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The record builders as the ingest wires them, with a fixed test digest key. */
public final class TestRecords {
  /** The digest key tests configure (never a real deployment's). */
  public static final String DIGEST_KEY = "test-digest-key-0123456789abcdef";

  private TestRecords() {}

  public static KeyedDigest digest() {
    return new KeyedDigest(DIGEST_KEY.getBytes(StandardCharsets.UTF_8));
  }

  public static ParameterRedactor redactor() {
    return new ParameterRedactor(new SecretParameterPolicy(List.of()), digest());
  }

  public static AcsEvents acsEvents() {
    return new AcsEvents("test-node", redactor(), new EventIds());
  }
}
