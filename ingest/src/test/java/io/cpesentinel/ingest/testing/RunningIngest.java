package io.cpesentinel.ingest.testing;

import io.cpesentinel.deploy.testing.StackResources;
import io.cpesentinel.ingest.IngestServer;
import io.cpesentinel.ingest.config.ConfigLoader;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An ingest started for one integration test on free loopback ports, writing to the test's own
 * topics on the real broker, with secrets passed as environment variables of the test's own.
 */
public final class RunningIngest implements AutoCloseable {
  public static final Duration DEADLINE = Duration.ofSeconds(60);
  public static final String WEBHOOK_TOKEN = "test-webhook-token";

  private final IngestServer server;
  private final StackResources stack;
  private final String bootstrap;
  private final Map<Topic, String> topics;
  private final AvroValueCodec<CwmpInform> informCodec = AvroValueCodec.forType(CwmpInform.class);
  private final AvroValueCodec<AcsEvent> eventCodec = AvroValueCodec.forType(AcsEvent.class);

  private RunningIngest(
      IngestServer server, StackResources stack, String bootstrap, Map<Topic, String> topics) {
    this.server = server;
    this.stack = stack;
    this.bootstrap = bootstrap;
    this.topics = topics;
  }

  /**
   * Starts an ingest.
   *
   * @param sections YAML sections besides kafka, secrets and metrics (at least {@code mode:})
   * @param environment extra environment variables (secrets the sections refer to)
   */
  public static RunningIngest start(
      StackResources stack, String sections, Map<String, String> environment) throws Exception {
    return start(stack, stack.kafkaBootstrap(), sections, environment, "");
  }

  /** As above, against {@code bootstrap} and with extra kafka settings (indented YAML lines). */
  public static RunningIngest start(
      StackResources stack,
      String bootstrap,
      String sections,
      Map<String, String> environment,
      String kafkaSettings)
      throws Exception {
    Map<Topic, String> topics = new HashMap<>();
    for (Topic topic :
        List.of(Topic.CPE_INFORM, Topic.ACS_EVENTS, Topic.CPE_INFORM_DLQ, Topic.ACS_EVENTS_DLQ)) {
      topics.put(topic, stack == null ? topic.topicName() : stack.topic(topic));
    }
    String yaml =
        sections
            + "\nkafka:\n  bootstrapServers: "
            + bootstrap
            + "\n"
            + "  topics: {inform: "
            + topics.get(Topic.CPE_INFORM)
            + ", acsEvents: "
            + topics.get(Topic.ACS_EVENTS)
            + ", informDeadLetters: "
            + topics.get(Topic.CPE_INFORM_DLQ)
            + ", acsEventDeadLetters: "
            + topics.get(Topic.ACS_EVENTS_DLQ)
            + "}\n"
            + kafkaSettings
            + "secrets:\n  digestKey: {env: TEST_DIGEST_KEY}\n"
            + "metrics: {host: 127.0.0.1, port: 0}\n";
    Map<String, String> env = new HashMap<>(environment);
    env.put("TEST_DIGEST_KEY", TestRecords.DIGEST_KEY);
    env.put("TEST_WEBHOOK_TOKEN", WEBHOOK_TOKEN);
    IngestServer server = IngestServer.start(new ConfigLoader().parse(yaml, "itcase.yaml"), env);
    return new RunningIngest(server, stack, bootstrap, topics);
  }

  public IngestServer server() {
    return server;
  }

  public String cwmpUrl() {
    return "http://127.0.0.1:" + server.cwmpPort() + "/cwmp";
  }

  public String topic(Topic topic) {
    return topics.get(topic);
  }

  public List<CwmpInform> informs(int count) throws RecordDecodingException {
    List<CwmpInform> result = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : read(Topic.CPE_INFORM, count)) {
      result.add(informCodec.decode(record.value()));
    }
    return result;
  }

  public List<AcsEvent> events(int count) throws RecordDecodingException {
    List<AcsEvent> result = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : read(Topic.ACS_EVENTS, count)) {
      result.add(eventCodec.decode(record.value()));
    }
    return result;
  }

  /** Reads up to {@code count} records of {@code topic}, waiting at most {@link #DEADLINE}. */
  public List<ConsumerRecord<byte[], byte[]>> read(Topic topic, int count) {
    return stack.read(topics.get(topic), count, DEADLINE);
  }

  public AvroValueCodec<CwmpInform> informCodec() {
    return informCodec;
  }

  public String bootstrap() {
    return bootstrap;
  }

  @Override
  public void close() {
    server.close();
  }
}
