package io.cpesentinel.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-process Flink session cluster on loopback (ZooKeeper, one JobManager, TaskManagers as
 * separate JVMs), driven through {@code deploy/local/flink}: failure tests kill and restart the
 * same processes an operator's command starts, and read the job state from the same REST API the
 * web UI uses.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
  private static final Duration SCRIPT_DEADLINE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path script;
  private final Path folder;
  private final Map<String, String> env;
  private final URI rest;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private boolean stopped;

  private LocalFlinkCluster(Path script, Path folder, Map<String, String> env, int restPort) {
    this.script = script;
    this.folder = folder;
    this.env = env;
    this.rest = URI.create("http://127.0.0.1:" + restPort);
  }

  /**
   * Starts a cluster of {@code taskManagers} TaskManagers with {@code slots} slots each in a new
   * folder under the stack home, on free ports, wired to the given Kafka and Elasticsearch.
   *
   * @param jobJars the {@code CPE_DETECTION_JAR} / {@code CPE_DELIVERY_JAR} the script submits
   */
  public static LocalFlinkCluster start(
      String name,
      String kafkaBootstrap,
      String elasticsearchUrl,
      int taskManagers,
      int slots,
      Map<String, String> jobJars) {
    int[] ports = freePorts(3);
    Path folder = LocalStack.stackHome().resolve(name + "-" + ProcessHandle.current().pid());
    Map<String, String> env = new HashMap<>(jobJars);
    env.put("CPE_FLINK_DIR", folder.toString());
    env.put("CPE_FLINK_REST_PORT", String.valueOf(ports[0]));
    env.put("CPE_FLINK_RPC_PORT", String.valueOf(ports[1]));
    env.put("CPE_ZK_PORT", String.valueOf(ports[2]));
    env.put("CPE_FLINK_TASKMANAGERS", String.valueOf(taskManagers));
    env.put("CPE_FLINK_SLOTS", String.valueOf(slots));
    env.put("CPE_KAFKA_BOOTSTRAP", kafkaBootstrap);
    env.put("CPE_ES_URL", elasticsearchUrl);
    Path script = LocalStack.script().resolveSibling("flink");
    LocalFlinkCluster cluster = new LocalFlinkCluster(script, folder, env, ports[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "flink-cluster-shutdown"));
    cluster.run("up");
    LOG.info("Flink session cluster up: web UI {} (folder {})", cluster.rest, folder);
    return cluster;
  }

  /** Submits the detection and delivery job jars; returns their job ids by job name. */
  public Map<String, String> submitAll() {
    run("submit", "all");
    return Map.of("detection", jobId("detection"), "delivery", jobId("delivery"));
  }

  /**
   * Submits one job ({@code detection} or {@code delivery}), restoring from {@code savepoint} if
   * given, with {@code settings} as extra environment of the script (e.g. {@code
   * CPE_DETECTION_CONFIG}); returns its job id.
   */
  public String submit(String job, Optional<String> savepoint, Map<String, String> settings) {
    List<String> args = new ArrayList<>(List.of("submit", job));
    savepoint.ifPresent(
        path -> {
          args.add("--from");
          args.add(path);
        });
    run(settings, args.toArray(String[]::new));
    return jobId(job);
  }

  /** Stops {@code job} with a canonical savepoint; returns the savepoint's path. */
  public String stopWithSavepoint(String job) {
    String output = run("stop-with-savepoint", job).strip();
    return output.substring(output.lastIndexOf('\n') + 1).strip();
  }

  /** {@code kill -9} of a TaskManager ({@code taskmanager-<n>}): no goodbye to the JobManager. */
  public void killTaskManager(String resourceId) {
    run("kill-taskmanager", number(resourceId));
  }

  public void startTaskManager(String resourceId) {
    run("start-taskmanager", number(resourceId));
  }

  private static String number(String resourceId) {
    if (!resourceId.matches("taskmanager-[0-9]+")) {
      throw new IllegalArgumentException("not a TaskManager of this cluster: " + resourceId);
    }
    return resourceId.substring("taskmanager-".length());
  }

  /** {@code kill -9} of the JobManager; its jobs survive in the HA store. */
  public void killJobManager() {
    run("kill-jobmanager");
  }

  public void startJobManager() {
    run("start-jobmanager");
  }

  public URI webUi() {
    return rest;
  }

  /**
   * The job's state from the REST API ({@code RUNNING}, {@code RESTARTING} ...), or empty while no
   * JobManager answers.
   */
  public Optional<String> jobState(String jobId) {
    return get("/jobs/" + jobId).map(job -> job.path("state").asText());
  }

  /** True when the job runs and every task of every vertex is RUNNING. */
  public boolean fullyRunning(String jobId) {
    return get("/jobs/" + jobId)
        .map(
            job -> {
              if (!"RUNNING".equals(job.path("state").asText())) {
                return false;
              }
              for (JsonNode vertex : job.path("vertices")) {
                int parallelism = vertex.path("parallelism").asInt();
                if (vertex.path("tasks").path("RUNNING").asInt() != parallelism) {
                  return false;
                }
              }
              return true;
            })
        .orElse(false);
  }

  /**
   * The TaskManagers (their resource ids, e.g. {@code taskmanager-1}) that run tasks of the job, so
   * a failure test kills one that matters.
   */
  public Set<String> taskManagersOf(String jobId) {
    Set<String> taskManagers = new TreeSet<>();
    get("/jobs/" + jobId)
        .ifPresent(
            job -> {
              for (JsonNode vertex : job.path("vertices")) {
                get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
                    .ifPresent(
                        node -> {
                          for (JsonNode tm : node.path("taskmanagers")) {
                            taskManagers.add(tm.path("taskmanager-id").asText());
                          }
                        });
              }
            });
    return taskManagers;
  }

  /** How many checkpoints of the job completed (across restarts), or empty if unknown now. */
  public Optional<Long> completedCheckpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints")
        .map(node -> node.path("counts").path("completed").asLong());
  }

  /**
   * How often the job restarted under its current JobManager ({@code numRestarts}), or -1 while
   * unknown.
   */
  public long restarts(String jobId) {
    return get("/jobs/" + jobId + "/metrics?get=numRestarts")
        .map(node -> node.path(0).path("value").asLong(-1))
        .orElse(-1L);
  }

  /** The latest completed checkpoint's id, or -1 if none or unknown now. */
  public long latestCheckpointId(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints")
        .map(node -> node.path("latest").path("completed").path("id").asLong(-1))
        .orElse(-1L);
  }

  private Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      return Optional.empty(); // no JobManager (yet): the caller polls
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private String jobId(String job) {
    try {
      return Files.readString(folder.resolve("run").resolve(job + ".id")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("no id of the " + job + " job in " + folder, e);
    }
  }

  /** Stops every process of the cluster and removes its folder. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      stopped = true;
      run("down", "--purge");
    }
  }

  private String run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs the script; its output when it succeeds, an exception with the output if not. */
  private String run(Map<String, String> settings, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().putAll(settings);
    try {
      Files.createDirectories(LocalStack.stackHome());
      Path log = Files.createTempFile(LocalStack.stackHome(), "flink-" + args[0] + "-", ".log");
      Process process = builder.redirectOutput(log.toFile()).start();
      if (!process.waitFor(SCRIPT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "flink " + args[0] + " did not finish in " + SCRIPT_DEADLINE + "; output: " + log);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "flink "
                + String.join(" ", args)
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  private static int[] freePorts(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
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
