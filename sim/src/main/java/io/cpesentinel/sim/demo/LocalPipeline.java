package io.cpesentinel.sim.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cpesentinel.delivery.DeliveryPipeline;
import io.cpesentinel.delivery.config.DeliveryConfig;
import io.cpesentinel.delivery.config.ElasticsearchSettings;
import io.cpesentinel.delivery.config.KafkaSettings;
import io.cpesentinel.deploy.local.Elasticsearch;
import io.cpesentinel.deploy.local.StackProvisioner;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.ingest.IngestServer;
import io.cpesentinel.ingest.config.ConfigLoader;
import io.cpesentinel.jobs.detection.DetectionJob;
import io.cpesentinel.jobs.detection.JobSettings;
import io.cpesentinel.schema.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole pipeline in one JVM against a running Kafka and Elasticsearch: the run's topics, the
 * ingest in receiver mode (CWMP and the ACS-event webhook on free loopback ports), and a Flink
 * MiniCluster running the detection job (parallelism 2) and the delivery job to Elasticsearch.
 *
 * <p>Alerts: the detection job writes them at-least-once (visible at once instead of at the next
 * checkpoint; Elasticsearch documents are keyed by alert id, so a replayed alert updates its own
 * document), checkpoints every 10 s as in production (the heap backend writes the whole state at
 * every checkpoint: every 2 s that took a third of the 2 cores at 150k devices, and the job fell
 * behind a 5k/s fleet); delivery checkpoints, and so flushes its bulk requests, every 500 ms (with
 * 1 s, end-to-end p50 was 0.4 s higher).
 */
public final class LocalPipeline implements AutoCloseable {
  public static final String WEBHOOK_TOKEN_VARIABLE = "CPE_SIM_WEBHOOK_TOKEN";
  public static final Duration DETECTION_CHECKPOINTS = Duration.ofSeconds(10);
  public static final Duration DELIVERY_CHECKPOINTS = Duration.ofMillis(500);

  private final RunNames names;
  private final String bootstrap;
  private final IngestServer ingest;
  private final MiniCluster flink;
  private final List<JobID> jobs = new ArrayList<>();
  private final String webhookToken;
  private boolean closed;

  private LocalPipeline(
      RunNames names,
      String bootstrap,
      IngestServer ingest,
      MiniCluster flink,
      String webhookToken) {
    this.names = names;
    this.bootstrap = bootstrap;
    this.ingest = ingest;
    this.flink = flink;
    this.webhookToken = webhookToken;
  }

  /**
   * Creates the run's topics, starts the ingest (unless {@code withIngest} is false: the fleet
   * produces straight to Kafka) and both jobs.
   */
  public static LocalPipeline start(
      String bootstrap,
      String elasticsearchUrl,
      RunNames names,
      Detection detection,
      Path runDirectory,
      boolean withIngest)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        ElasticsearchClient es = Elasticsearch.client(elasticsearchUrl)) {
      StackProvisioner provisioner = new StackProvisioner(admin, es);
      provisioner.createTopics(names.topics());
      provisioner.installIndexTemplates();
    }
    String token = "sim-" + Long.toHexString(System.nanoTime());
    IngestServer ingest = withIngest ? startIngest(bootstrap, names, token) : null;
    Configuration configuration = new Configuration();
    MiniCluster flink =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(3)
                .build());
    LocalPipeline pipeline = new LocalPipeline(names, bootstrap, ingest, flink, token);
    try {
      flink.start();
      pipeline.submit(
          detectionJob(bootstrap, names, detection, runDirectory), "cpe-sentinel-detection");
      pipeline.submit(deliveryJob(bootstrap, elasticsearchUrl, names), "cpe-sentinel-delivery");
    } catch (Exception e) {
      pipeline.close();
      throw e;
    }
    return pipeline;
  }

  private static IngestServer startIngest(String bootstrap, RunNames names, String token)
      throws Exception {
    Map<Topic, String> t = names.topics();
    String yaml =
        "node: sim-ingest\n"
            + "mode: receiver\n"
            + "cwmp:\n"
            + "  listen: {host: 127.0.0.1, port: 0}\n"
            + "  auth: {method: none}\n"
            + "kafka:\n"
            + "  bootstrapServers: "
            + bootstrap
            + "\n"
            + "  topics: {inform: "
            + t.get(Topic.CPE_INFORM)
            + ", acsEvents: "
            + t.get(Topic.ACS_EVENTS)
            + ", informDeadLetters: "
            + t.get(Topic.CPE_INFORM_DLQ)
            + ", acsEventDeadLetters: "
            + t.get(Topic.ACS_EVENTS_DLQ)
            + "}\n"
            + "secrets:\n"
            + "  digestKey: {env: CPE_SIM_DIGEST_KEY}\n"
            + "webhook:\n"
            + "  enabled: true\n"
            + "  listen: {host: 127.0.0.1, port: 0}\n"
            + "  token: {env: "
            + WEBHOOK_TOKEN_VARIABLE
            + "}\n"
            + "metrics: {enabled: false}\n";
    return IngestServer.start(
        new ConfigLoader().parse(yaml, "sim-ingest.yaml"),
        Map.of("CPE_SIM_DIGEST_KEY", digestKey(), WEBHOOK_TOKEN_VARIABLE, token));
  }

  /**
   * The key the ingest digests secret values with (a demo key: the simulator's secrets are fake).
   */
  public static String digestKey() {
    return "cpe-sentinel-simulator-digest-key";
  }

  private static StreamGraph detectionJob(
      String bootstrap, RunNames names, Detection detection, Path runDirectory) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
    env.setParallelism(2);
    JobSettings settings =
        new JobSettings(
                bootstrap,
                names.group() + "-detection",
                names.topics(),
                DETECTION_CHECKPOINTS,
                runDirectory.resolve("checkpoints").toAbsolutePath().toUri().toString(),
                false)
            .withAlertGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
    DetectionJob.build(env, settings, detection);
    return env.getStreamGraph();
  }

  private static StreamGraph deliveryJob(
      String bootstrap, String elasticsearchUrl, RunNames names) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
    DeliveryConfig config =
        new DeliveryConfig(
            new KafkaSettings(
                bootstrap,
                names.topics().get(Topic.CPE_ALERTS),
                names.topics().get(Topic.CPE_ALERTS_DLQ),
                names.topics().get(Topic.QUARANTINE_COMMANDS),
                names.group() + "-delivery",
                false),
            DELIVERY_CHECKPOINTS,
            1,
            new ElasticsearchSettings(
                elasticsearchUrl,
                null,
                names.alertIndexPrefix(),
                names.auditIndexPrefix(),
                500,
                null),
            null,
            null);
    DeliveryPipeline.build(env, config);
    return env.getStreamGraph();
  }

  private void submit(StreamGraph graph, String name) throws Exception {
    graph.setJobName(name + " " + names.runId());
    jobs.add(flink.submitJob(graph.getJobGraph()).get().getJobID());
  }

  public String cwmpUrl() {
    return "http://127.0.0.1:" + ingest.cwmpPort() + "/cwmp";
  }

  public String webhookUrl() {
    return "http://127.0.0.1:" + ingest.webhookPort() + "/v1/acs-events";
  }

  public String webhookToken() {
    return webhookToken;
  }

  public boolean hasIngest() {
    return ingest != null;
  }

  /** Names of jobs that are no longer running (failed or finished), for the progress line. */
  public List<String> stoppedJobs() {
    List<String> stopped = new ArrayList<>();
    for (JobID job : jobs) {
      try {
        var status = flink.getJobStatus(job).get();
        if (status.isTerminalState()) {
          stopped.add(job + " " + status);
        }
      } catch (Exception e) {
        stopped.add(job + " " + e.getMessage());
      }
    }
    return stopped;
  }

  /** Deletes the run's topics (its alert index stays, for Kibana). */
  public void deleteTopics() {
    deleteTopics(bootstrap, names);
  }

  /** Deletes a run's topics. */
  public static void deleteTopics(String bootstrap, RunNames names) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.deleteTopics(names.topics().values()).all().get();
    } catch (Exception e) {
      System.err.println("could not delete the run's topics: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ingest != null) {
      ingest.close();
    }
    for (JobID job : jobs) {
      try {
        flink.cancelJob(job).get();
      } catch (Exception e) {
        // stopping anyway
      }
    }
    try {
      flink.closeAsync().get();
    } catch (Exception e) {
      System.err.println("Flink MiniCluster did not stop cleanly: " + e.getMessage());
    }
  }
}
