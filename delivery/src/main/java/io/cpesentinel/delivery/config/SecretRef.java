package io.cpesentinel.delivery.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where a secret lives (an environment variable or a file, e.g. a mounted Kubernetes secret), never
 * the secret itself. Configuration files, command lines, job graphs and checkpoints only ever carry
 * this reference; the value is read where it is used and is never part of {@link #toString()}.
 */
public final class SecretRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String env;
  private final String file;

  @JsonCreator
  public SecretRef(@JsonProperty("env") String env, @JsonProperty("file") String file) {
    ConfigException.require(
        (env == null) != (file == null), "env|file", "give exactly one of env or file");
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

  /** Reads the secret from the process environment or the file; fails naming where it looked. */
  public String resolve() {
    return resolve(System::getenv);
  }

  String resolve(UnaryOperator<String> environment) {
    String value;
    if (env != null) {
      value = environment.apply(env);
      ConfigException.require(
          value != null && !value.isBlank(), "env", "environment variable " + env + " is not set");
    } else {
      try {
        value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigException("file", "cannot read secret file " + file + ": " + e);
      }
      ConfigException.require(!value.isEmpty(), "file", "secret file " + file + " is empty");
    }
    return value;
  }

  @Override
  public String toString() {
    return env != null ? "secret from env " + env : "secret from file " + file;
  }
}
