package io.cpesentinel.sim.transport;

import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.EventIds;
import io.cpesentinel.ingest.cwmp.InformRecords;
import io.cpesentinel.ingest.secret.KeyedDigest;
import io.cpesentinel.ingest.secret.ParameterRedactor;
import io.cpesentinel.ingest.secret.SecretParameterPolicy;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.AcsEventOrigin;
import io.cpesentinel.schema.AuthDetail;
import io.cpesentinel.schema.AuthMethod;
import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DownloadDetail;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.Topic;
import io.cpesentinel.sim.cwmp.CwmpXml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces straight to the contract topics, for load that CWMP over HTTP cannot reach on one
 * machine. Records are made by the ingest's own {@link InformRecords} (secrets digested, data model
 * told apart, received-at = now) and encoded with {@link AvroValueCodec}; keys are device keys and
 * record timestamps the received-at (Informs) or occurred-at (ACS events), as the ingest does. The
 * source address is the device's WAN address, so regions work in this mode.
 */
public final class KafkaTransport implements Transport {
  public static final String NODE = "sim-direct";

  private final KafkaProducer<byte[], byte[]> producer;
  private final String informTopic;
  private final String acsTopic;
  private final FleetStats stats;
  private final Semaphore slots;
  private final InformRecords informs;
  private final ParameterRedactor redactor;
  private final EventIds ids = new EventIds();
  private final AvroValueCodec<CwmpInform> informCodec = AvroValueCodec.forType(CwmpInform.class);
  private final AvroValueCodec<AcsEvent> eventCodec = AvroValueCodec.forType(AcsEvent.class);

  public KafkaTransport(
      String bootstrap,
      Map<Topic, String> topics,
      byte[] digestKey,
      int maxInFlight,
      FleetStats stats) {
    Properties settings = new Properties();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, NODE);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(settings);
    this.informTopic = topics.getOrDefault(Topic.CPE_INFORM, Topic.CPE_INFORM.topicName());
    this.acsTopic = topics.getOrDefault(Topic.ACS_EVENTS, Topic.ACS_EVENTS.topicName());
    this.stats = stats;
    this.slots = new Semaphore(maxInFlight);
    this.redactor =
        new ParameterRedactor(new SecretParameterPolicy(List.of()), new KeyedDigest(digestKey));
    this.informs = new InformRecords(redactor, ids);
  }

  @Override
  public String describe() {
    return "straight to Kafka topics " + informTopic + ", " + acsTopic + " (no HTTP)";
  }

  @Override
  public CompletableFuture<Void> session(CpeSession session) {
    Instant now = Instant.now();
    IngestContext context =
        IngestContext.newBuilder()
            .setSourceIp(session.sourceIp())
            .setTls(false)
            .setAcsAuth(AuthOutcome.NOT_REQUIRED)
            .setMode(IngestMode.RECEIVER)
            .setNode(NODE)
            .build();
    CwmpInform record =
        informs.toRecord(
            new CwmpEnvelope(CwmpXml.CWMP_1_2, null, null, session.inform()),
            session.inform(),
            context,
            now);
    String key = io.cpesentinel.schema.DeviceKeys.of(record.getDeviceId());
    stats.informsSent.increment();
    CompletableFuture<Void> done = send(informTopic, key, now, informCodec.encode(record), true);
    if (session.transferCommandKey() != null) {
      AcsEvent transfer =
          event(now, AcsEventKind.TRANSFER_COMPLETE, key, session.sourceIp())
              .setOrigin(AcsEventOrigin.OTHER)
              .setRpcMethod("TransferComplete")
              .setCommandKey(session.transferCommandKey())
              .setTransferStartTime(session.transferStart().toString())
              .setTransferCompleteTime(now.toString())
              .build();
      done =
          done.thenCombine(
              send(acsTopic, key, now, eventCodec.encode(transfer), false), (a, b) -> null);
    }
    return done;
  }

  @Override
  public CompletableFuture<Void> acs(List<AcsAction> actions) {
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    Instant now = Instant.now();
    for (AcsAction action : actions) {
      AcsEvent.Builder event =
          event(action.occurredAt(), action.kind(), action.deviceKey(), action.sourceIp())
              .setReceivedAt(now)
              .setRpcMethod(action.rpcMethod())
              .setCommandKey(action.commandKey())
              .setParameters(redactor.redact(action.parameters()));
      if (action.authUsername() != null) {
        event.setAuth(
            AuthDetail.newBuilder()
                .setMethod(AuthMethod.DIGEST)
                .setUsername(action.authUsername())
                .setReason("bad password")
                .build());
      }
      if (action.downloadUrl() != null) {
        event.setDownload(
            DownloadDetail.newBuilder()
                .setFileType(AcsAction.FIRMWARE_FILE_TYPE)
                .setUrl(action.downloadUrl())
                .build());
      }
      String key = action.deviceKey() != null ? action.deviceKey() : "ip:" + action.sourceIp();
      all =
          all.thenCombine(
              send(acsTopic, key, action.occurredAt(), eventCodec.encode(event.build()), false),
              (a, b) -> null);
    }
    return all;
  }

  private AcsEvent.Builder event(Instant at, AcsEventKind kind, String deviceKey, String sourceIp) {
    return AcsEvent.newBuilder()
        .setEventId(ids.next())
        .setOccurredAt(at)
        .setReceivedAt(at)
        .setOrigin(AcsEventOrigin.ACS_WEBHOOK)
        .setIngestNode(NODE)
        .setAcsInstance(AcsAction.ACS_INSTANCE)
        .setDeviceKey(deviceKey)
        .setSourceIp(sourceIp)
        .setKind(kind);
  }

  private CompletableFuture<Void> send(
      String topic, String key, Instant timestamp, byte[] value, boolean inform) {
    if (!slots.tryAcquire()) {
      stats.throttled.increment();
      slots.acquireUninterruptibly();
    }
    stats.inFlight.incrementAndGet();
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(
        new ProducerRecord<>(
            topic, null, timestamp.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8), value),
        (metadata, failure) -> {
          slots.release();
          stats.inFlight.decrementAndGet();
          if (failure == null) {
            (inform ? stats.informsAccepted : stats.acsEventsAccepted).increment();
            done.complete(null);
          } else {
            (inform ? stats.informsLost : stats.acsEventsLost).increment();
            done.completeExceptionally(failure);
          }
        });
    return done;
  }

  @Override
  public void close() {
    producer.close();
  }
}
