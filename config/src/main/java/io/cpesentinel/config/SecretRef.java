package io.cpesentinel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where a secret lives (an environment variable, or a file such as a mounted Kubernetes secret),
 * never the secret itself: configuration files, command lines, job graphs and checkpoints may be
 * read by others, so they only ever carry this reference. A secret written inline is refused when
 * the file is read; the value is read where it is used and is never part of {@link #toString()}.
 */
public final class SecretRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String env;
  private final String file;

  @JsonCreator
  public SecretRef(@JsonProperty("env") String env, @JsonProperty("file") String file) {
    ConfigException.require(
        (env == null) != (file == null),
        "env|file",
        "give exactly one of env (a variable name) or file (a path)");
    this.env = env;
    this.file = file;
  }

  /** A secret written inline is refused: it would end up in version control and in logs. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static SecretRef inline(String ignored) {
    throw new ConfigException(
        "", "secrets are not accepted inline; write {env: VARIABLE} or {file: /path/to/secret}");
  }

  public static SecretRef fromEnv(String variable) {
    return new SecretRef(variable, null);
  }

  public static SecretRef fromFile(Path file) {
    return new SecretRef(null, file.toString());
  }

  /** Reads the secret from the process environment or the file. */
  public String resolve(String key) {
    return resolve(key, System::getenv);
  }

  /**
   * Reads the secret; a file's content counts without one trailing line break.
   *
   * @param key the configuration key holding this reference, for the error message
   * @param environment the process environment (or a test's)
   */
  public String resolve(String key, UnaryOperator<String> environment) {
    if (env != null) {
      String value = environment.apply(env);
      ConfigException.require(
          value != null && !value.isEmpty(), key, "environment variable " + env + " is not set");
      return value;
    }
    String value;
    try {
      value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(key, "cannot read secret file " + file + ": " + e, e);
    }
    value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
    value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    ConfigException.require(!value.isEmpty(), key, "secret file " + file + " is empty");
    return value;
  }

  @Override
  public String toString() {
    return env != null ? "secret from env " + env : "secret from file " + file;
  }
}
