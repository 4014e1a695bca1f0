package io.cpesentinel.ingest.secret;

import io.cpesentinel.schema.ParameterValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the contract of {@code ParameterValue.value}: a secret parameter's value leaves the
 * ingest only as a keyed digest. Empty values stay empty (CPEs report hidden parameters as empty,
 * and an empty value discloses nothing).
 */
public final class ParameterRedactor {
  private final SecretParameterPolicy policy;
  private final KeyedDigest digest;

  public ParameterRedactor(SecretParameterPolicy policy, KeyedDigest digest) {
    this.policy = policy;
    this.digest = digest;
  }

  /** The value to publish for {@code name}. */
  public String value(String name, String value) {
    if (value == null || value.isEmpty() || !policy.isSecret(name)) {
      return value;
    }
    return digest.digest(value);
  }

  /** The list with every secret value replaced; the same list when none is secret. */
  public List<ParameterValue> redact(List<ParameterValue> parameters) {
    List<ParameterValue> result = parameters;
    for (int i = 0; i < parameters.size(); i++) {
      ParameterValue p = parameters.get(i);
      String value = value(p.getName(), p.getValue());
      if (value != p.getValue()) {
        if (result == parameters) {
          result = new ArrayList<>(parameters);
        }
        result.set(i, new ParameterValue(p.getName(), value, p.getType()));
      }
    }
    return result;
  }
}
