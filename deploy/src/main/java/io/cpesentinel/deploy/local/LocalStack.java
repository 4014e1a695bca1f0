package io.cpesentinel.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker and Elasticsearch node on loopback, started and stopped through {@code
 * deploy/local/stack}: tests run exactly what an operator runs, not a second launcher that could
 * drift from it. Each instance has its own folder and free ports, so test JVMs and a developer's
 * own stack can run side by side.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration SCRIPT_DEADLINE = Duration.ofMinutes(10);

  private final Path script;
  private final Path stackDir;
  private final Map<String, String> env;
  private final String kafkaBootstrap;
  private final String elasticsearchUrl;
  private boolean stopped;

  private LocalStack(Path script, Path stackDir, Ports ports) {
    this.script = script;
    this.stackDir = stackDir;
    this.env =
        Map.of(
            "CPE_STACK_DIR", stackDir.toString(),
            "CPE_KAFKA_PORT", String.valueOf(ports.kafka),
            "CPE_KAFKA_CONTROLLER_PORT", String.valueOf(ports.controller),
            "CPE_ES_PORT", String.valueOf(ports.http),
            "CPE_ES_TRANSPORT_PORT", String.valueOf(ports.transport));
    this.kafkaBootstrap = "127.0.0.1:" + ports.kafka;
    this.elasticsearchUrl = "http://127.0.0.1:" + ports.http;
  }

  /**
   * Starts a fresh instance on free ports in a new folder under the stack home, without the default
   * topics (tests make their own).
   */
  public static LocalStack startOnFreePorts(String name) {
    Path script = script();
    Path stackDir = stackHome().resolve(name + "-" + ProcessHandle.current().pid());
    LocalStack stack = new LocalStack(script, stackDir, Ports.free());
    // Ctrl-C or a killed build must not leave servers behind; close() is idempotent.
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
    long started = System.nanoTime();
    stack.run("up", "--no-provision");
    LOG.info(
        "local stack up in {} s: kafka {} elasticsearch {} (folder {})",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
        stack.kafkaBootstrap,
        stack.elasticsearchUrl,
        stackDir);
    return stack;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public String elasticsearchUrl() {
    return elasticsearchUrl;
  }

  public Path folder() {
    return stackDir;
  }

  /**
   * Stops the broker (its data is kept), for tests of what happens while Kafka is down; {@link
   * #startStopped()} brings it back on the same port.
   */
  public void stopKafka() {
    run("down", "--only", "kafka");
  }

  /** Stops the Elasticsearch node (its data is kept); {@link #startStopped()} brings it back. */
  public void stopElasticsearch() {
    run("down", "--only", "elasticsearch");
  }

  /** Starts whichever server is stopped, on its old port, and waits until it is healthy. */
  public void startStopped() {
    run("up", "--no-provision");
  }

  /** Stops both servers and removes the instance folder. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      stopped = true;
      run("down", "--purge");
    }
  }

  private void run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Files.createDirectories(stackHome());
      Path log = Files.createTempFile(stackHome(), "stack-" + args[0] + "-", ".log");
      Process process = builder.redirectOutput(log.toFile()).start();
      if (!process.waitFor(SCRIPT_DEADLINE.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "stack " + args[0] + " did not finish in " + SCRIPT_DEADLINE + "; output: " + log);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "stack "
                + String.join(" ", args)
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  /**
   * The stack script of this checkout: from the {@code cpe.sentinel.root} system property the build
   * sets, else the nearest parent folder that has one.
   */
  static Path script() {
    String root = System.getProperty("cpe.sentinel.root");
    Path start = Path.of(root != null ? root : System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("deploy/local/stack");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "deploy/local/stack not found above " + start + "; set -Dcpe.sentinel.root=<checkout>");
  }

  /** Same default as the script: a folder the Elasticsearch system user can reach. */
  static Path stackHome() {
    String home = System.getenv("CPE_SENTINEL_HOME");
    return home != null
        ? Path.of(home, "test")
        : Path.of("/var/tmp", "cpe-sentinel-" + System.getProperty("user.name"), "test");
  }

  private record Ports(int kafka, int controller, int http, int transport) {
    /** Four distinct free loopback ports, all held open until chosen so none repeats. */
    static Ports free() {
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        }
        return new Ports(
            held.get(0).getLocalPort(),
            held.get(1).getLocalPort(),
            held.get(2).getLocalPort(),
            held.get(3).getLocalPort());
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port", e);
      } finally {
        for (ServerSocket socket : held) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // closing a listening socket we own; nothing to do
          }
        }
      }
    }
  }
}
