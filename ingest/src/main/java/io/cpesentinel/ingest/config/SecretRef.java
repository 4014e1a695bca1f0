package io.cpesentinel.ingest.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret lives: a file (e.g. a mounted Kubernetes secret) or an environment variable. Never
 * the secret itself: the config file and the command line may be read by others, so a value in them
 * is refused by construction.
 *
 * @param file path of a file whose content (without a trailing newline) is the secret
 * @param env name of an environment variable holding the secret
 */
public record SecretRef(String file, String env) {
  public SecretRef {
    Check.that(
        (file == null) != (env == null),
        "file/env",
        "give exactly one of 'file' (a path) or 'env' (a variable name)");
  }

  public static SecretRef ofFile(Path path) {
    return new SecretRef(path.toString(), null);
  }

  public static SecretRef ofEnv(String name) {
    return new SecretRef(null, name);
  }

  /**
   * Reads the secret.
   *
   * @param key the config key, for the error message
   */
  public String resolve(String key, Map<String, String> environment) {
    if (env != null) {
      String value = environment.get(env);
      if (value == null || value.isEmpty()) {
        throw new ConfigException(key + ": environment variable " + env + " is not set");
      }
      return value;
    }
    try {
      String value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
      value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
      if (value.isEmpty()) {
        throw new ConfigException(key + ": secret file " + file + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot read secret file " + file + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return env != null ? "env:" + env : "file:" + file;
  }
}
