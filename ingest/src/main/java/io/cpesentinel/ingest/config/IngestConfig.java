package io.cpesentinel.ingest.config;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.config.SecretRef;
import io.cpesentinel.ingest.kafka.TopicNames;
import io.cpesentinel.ingest.xml.XmlLimits;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The ingest's whole configuration, typed and validated when it is read: a wrong value stops the
 * start with the key and the reason. Secrets are {@link SecretRef}s (a file or an environment
 * variable), never values. Every section but {@code kafka} and {@code secrets} has defaults. See
 * {@code ingest/README.md} for an example.
 *
 * @param node this instance's name, written into every record (default: the host name)
 * @param mode RECEIVER answers CPEs itself; PROXY forwards sessions to an upstream ACS
 */
public record IngestConfig(
    String node,
    Mode mode,
    Cwmp cwmp,
    Kafka kafka,
    Secrets secrets,
    DeadLetters deadLetters,
    Webhook webhook,
    GenieAcsLog genieacsLog,
    Metrics metrics) {

  public IngestConfig {
    node = Check.orDefault(node, HostName.get());
    mode = ConfigException.required(mode, "mode");
    cwmp = Check.orDefault(cwmp, new Cwmp(null, null, null, null, null, null));
    kafka = ConfigException.required(kafka, "kafka");
    secrets = ConfigException.required(secrets, "secrets");
    deadLetters = Check.orDefault(deadLetters, new DeadLetters(null, null));
    webhook = Check.orDefault(webhook, new Webhook(null, null, null, null, null));
    genieacsLog = Check.orDefault(genieacsLog, new GenieAcsLog(null, null, null, null, null, null));
    metrics = Check.orDefault(metrics, new Metrics(null, null, null));
    ConfigException.require(
        mode != Mode.PROXY || cwmp.proxy() != null,
        "cwmp.proxy",
        "is required in proxy mode (the upstream ACS)");
    ConfigException.require(
        mode != Mode.PROXY || cwmp.auth().method() == CwmpAuthMethod.NONE,
        "cwmp.auth.method",
        "must be none in proxy mode: the upstream ACS authenticates the CPEs");
  }

  /** RECEIVER answers CPEs itself; PROXY forwards sessions to an upstream ACS. */
  public enum Mode {
    RECEIVER,
    PROXY
  }

  /** How the ingest authenticates CPEs in receiver mode. */
  public enum CwmpAuthMethod {
    NONE,
    BASIC,
    DIGEST
  }

  /** TLS client-certificate policy of a listener. */
  public enum ClientAuth {
    NONE,
    WANT,
    NEED
  }

  /** An HTTP(S) listener. */
  public record Listener(String host, Integer port, Tls tls) {
    public Listener {
      host = Check.orDefault(host, "0.0.0.0");
      port = Check.range("port", port, 7547, 0, 65535);
    }
  }

  /**
   * TLS on a listener: a PKCS12 keystore from a file, its password from a file or the environment;
   * with {@code clientAuth} WANT/NEED, client certificates are checked against the truststore.
   */
  public record Tls(
      String keystore,
      SecretRef keystorePassword,
      ClientAuth clientAuth,
      String truststore,
      SecretRef truststorePassword) {
    public Tls {
      ConfigException.required(keystore, "keystore");
      ConfigException.required(keystorePassword, "keystorePassword");
      clientAuth = Check.orDefault(clientAuth, ClientAuth.NONE);
      ConfigException.require(
          clientAuth == ClientAuth.NONE || (truststore != null && truststorePassword != null),
          "truststore",
          "truststore and truststorePassword are required when clientAuth is " + clientAuth);
    }
  }

  /**
   * The CPE-facing CWMP listener.
   *
   * @param emitChallengeEvents also publish an AUTH_FAILURE event for a bare 401 challenge (a
   *     request without credentials); off by default, since every Digest session starts with one
   */
  public record Cwmp(
      Listener listen,
      CwmpLimits limits,
      Duration sessionTimeout,
      Auth auth,
      Proxy proxy,
      Boolean emitChallengeEvents) {
    public Cwmp {
      listen = Check.orDefault(listen, new Listener(null, null, null));
      limits =
          Check.orDefault(limits, new CwmpLimits(null, null, null, null, null, null, null, null));
      sessionTimeout =
          Check.range(
              "sessionTimeout",
              sessionTimeout,
              Duration.ofSeconds(60),
              Duration.ofSeconds(5),
              Duration.ofHours(1));
      auth = Check.orDefault(auth, new Auth(null, null, null));
      emitChallengeEvents = Check.orDefault(emitChallengeEvents, false);
    }
  }

  /** Limits against hostile or broken peers. */
  public record CwmpLimits(
      Integer maxBodyBytes,
      Integer maxDepth,
      Integer maxParameters,
      Integer maxValueChars,
      Integer maxConnections,
      Duration idleTimeout,
      Integer minRequestBytesPerSecond,
      Duration bodyReadTimeout) {
    public CwmpLimits {
      maxBodyBytes = Check.range("maxBodyBytes", maxBodyBytes, 1 << 20, 4096, 64 << 20);
      maxDepth = Check.range("maxDepth", maxDepth, 16, 8, 64);
      maxParameters = Check.range("maxParameters", maxParameters, 8192, 16, 1_000_000);
      maxValueChars = Check.range("maxValueChars", maxValueChars, 16384, 256, 16 << 20);
      maxConnections = Check.range("maxConnections", maxConnections, 10_000, 1, 1_000_000);
      idleTimeout =
          Check.range(
              "idleTimeout",
              idleTimeout,
              Duration.ofSeconds(20),
              Duration.ofMillis(100),
              Duration.ofMinutes(10));
      minRequestBytesPerSecond =
          Check.range("minRequestBytesPerSecond", minRequestBytesPerSecond, 128, 0, 1 << 30);
      bodyReadTimeout =
          Check.range(
              "bodyReadTimeout",
              bodyReadTimeout,
              Duration.ofSeconds(30),
              Duration.ofMillis(100),
              Duration.ofMinutes(10));
    }

    public XmlLimits xml() {
      return new XmlLimits(maxDepth, maxParameters, maxValueChars, maxBodyBytes);
    }
  }

  /**
   * Receiver-mode authentication of CPEs: users in Jetty's realm-properties format ({@code user:
   * password}, one a line; for digest the password may be {@code MD5:<md5 of
   * user:realm:password>}), from a file or an environment variable.
   */
  public record Auth(CwmpAuthMethod method, String realm, SecretRef users) {
    public Auth {
      method = Check.orDefault(method, CwmpAuthMethod.NONE);
      realm = Check.orDefault(realm, "cpe-sentinel");
      ConfigException.require(
          method == CwmpAuthMethod.NONE || users != null,
          "users",
          "is required when method is " + method);
    }
  }

  /** Proxy mode: the ACS the sessions are forwarded to. */
  public record Proxy(
      URI upstream, Duration connectTimeout, Duration responseTimeout, Integer maxResponseBytes) {
    public Proxy {
      ConfigException.required(upstream, "upstream");
      ConfigException.require(
          "http".equals(upstream.getScheme()) || "https".equals(upstream.getScheme()),
          "upstream",
          "must be an http:// or https:// URL (was " + upstream + ")");
      ConfigException.require(
          upstream.getHost() != null, "upstream", "has no host (was " + upstream + ")");
      ConfigException.require(
          upstream.getUserInfo() == null, "upstream", "must not carry credentials");
      connectTimeout =
          Check.range(
              "connectTimeout",
              connectTimeout,
              Duration.ofSeconds(5),
              Duration.ofMillis(100),
              Duration.ofMinutes(1));
      responseTimeout =
          Check.range(
              "responseTimeout",
              responseTimeout,
              Duration.ofSeconds(30),
              Duration.ofMillis(100),
              Duration.ofMinutes(10));
      maxResponseBytes = Check.range("maxResponseBytes", maxResponseBytes, 4 << 20, 4096, 64 << 20);
    }
  }

  /** The Kafka producer. Safety settings (acks=all, idempotence) are fixed, not configurable. */
  public record Kafka(
      String bootstrapServers,
      Topics topics,
      Integer maxInFlight,
      Long bufferMemoryBytes,
      Duration maxBlock,
      Duration requestTimeout,
      Duration deliveryTimeout,
      Integer lingerMs,
      Duration retryAfter,
      Map<String, String> properties) {
    /** Producer settings the ingest owns: overriding them would break "nothing is lost". */
    static final Set<String> FIXED =
        Set.of(
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG);

    public Kafka {
      ConfigException.required(bootstrapServers, "bootstrapServers");
      topics = Check.orDefault(topics, new Topics(null, null, null, null));
      maxInFlight = Check.range("maxInFlight", maxInFlight, 8192, 1, 1_000_000);
      bufferMemoryBytes =
          Check.range("bufferMemoryBytes", bufferMemoryBytes, 64L << 20, 1L << 20, 8L << 30);
      maxBlock =
          Check.range(
              "maxBlock", maxBlock, Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(60));
      requestTimeout =
          Check.range(
              "requestTimeout",
              requestTimeout,
              Duration.ofSeconds(5),
              Duration.ofMillis(500),
              Duration.ofMinutes(5));
      deliveryTimeout =
          Check.range(
              "deliveryTimeout",
              deliveryTimeout,
              Duration.ofSeconds(15),
              Duration.ofSeconds(1),
              Duration.ofMinutes(30));
      lingerMs = Check.range("lingerMs", lingerMs, 5, 0, 1000);
      ConfigException.require(
          deliveryTimeout.toMillis() >= lingerMs + requestTimeout.toMillis(),
          "deliveryTimeout",
          "must be at least lingerMs + requestTimeout (Kafka's rule)");
      retryAfter =
          Check.range(
              "retryAfter",
              retryAfter,
              Duration.ofSeconds(30),
              Duration.ofSeconds(1),
              Duration.ofHours(1));
      properties = Map.copyOf(Check.orDefault(properties, Map.of()));
      for (String key : properties.keySet()) {
        ConfigException.require(
            ProducerConfig.configNames().contains(key),
            "properties." + key,
            "is not a Kafka producer setting");
        ConfigException.require(
            !FIXED.contains(key),
            "properties." + key,
            "is set by the ingest itself and cannot be overridden");
      }
    }

    public TopicNames topicNames() {
      return new TopicNames(
          topics.inform(),
          topics.acsEvents(),
          topics.informDeadLetters(),
          topics.acsEventDeadLetters());
    }
  }

  /** Topic names; the contract names by default. */
  public record Topics(
      String inform, String acsEvents, String informDeadLetters, String acsEventDeadLetters) {
    public Topics {
      TopicNames contract = TopicNames.contract();
      inform = Check.orDefault(inform, contract.inform());
      acsEvents = Check.orDefault(acsEvents, contract.acsEvents());
      informDeadLetters = Check.orDefault(informDeadLetters, contract.informDeadLetters());
      acsEventDeadLetters = Check.orDefault(acsEventDeadLetters, contract.acsEventDeadLetters());
    }
  }

  /**
   * The key that digests secret parameter values (at least 16 bytes; keep it stable, or equal
   * secrets stop comparing equal across the change), and vendor leaf names to treat as secret.
   */
  public record Secrets(SecretRef digestKey, List<String> extraSecretSuffixes) {
    public Secrets {
      ConfigException.required(digestKey, "digestKey");
      extraSecretSuffixes = List.copyOf(Check.orDefault(extraSecretSuffixes, List.of()));
      if (extraSecretSuffixes.stream().anyMatch(String::isBlank)) {
        throw new ConfigException(
            "extraSecretSuffixes",
            "has a blank entry (an empty suffix would make every parameter secret; was "
                + extraSecretSuffixes
                + ")");
      }
    }
  }

  /** How many rejected inputs per second (and in a burst) are kept on the dead-letter topics. */
  public record DeadLetters(Integer perSecond, Integer burst) {
    public DeadLetters {
      perSecond = Check.range("perSecond", perSecond, 5, 0, 10_000);
      burst = Check.range("burst", burst, 20, 1, 100_000);
    }
  }

  /**
   * The ACS webhook ({@code POST /v1/acs-events}) on a listener of its own, with a bearer token.
   */
  public record Webhook(
      Boolean enabled, Listener listen, SecretRef token, Integer maxBodyBytes, Integer maxEvents) {
    public Webhook {
      enabled = Check.orDefault(enabled, false);
      listen = Check.orDefault(listen, new Listener(null, 8088, null));
      ConfigException.require(
          !enabled || token != null, "token", "is required when the webhook is enabled");
      maxBodyBytes = Check.range("maxBodyBytes", maxBodyBytes, 1 << 20, 1024, 64 << 20);
      maxEvents = Check.range("maxEvents", maxEvents, 500, 1, 100_000);
    }
  }

  /** The tailer of GenieACS's CWMP access log. */
  public record GenieAcsLog(
      Boolean enabled,
      String path,
      String offsetFile,
      String acsInstance,
      Duration pollInterval,
      Integer maxLineBytes) {
    public GenieAcsLog {
      enabled = Check.orDefault(enabled, false);
      ConfigException.require(
          !enabled || path != null, "path", "is required when the tailer is enabled");
      ConfigException.require(
          !enabled || offsetFile != null,
          "offsetFile",
          "is required when the tailer is enabled (where the read position is kept)");
      acsInstance = Check.orDefault(acsInstance, "genieacs");
      pollInterval =
          Check.range(
              "pollInterval",
              pollInterval,
              Duration.ofMillis(500),
              Duration.ofMillis(10),
              Duration.ofMinutes(1));
      maxLineBytes = Check.range("maxLineBytes", maxLineBytes, 64 << 10, 1024, 16 << 20);
    }
  }

  /** The Prometheus endpoint ({@code /metrics}) on a port of its own. */
  public record Metrics(Boolean enabled, String host, Integer port) {
    public Metrics {
      enabled = Check.orDefault(enabled, true);
      host = Check.orDefault(host, "0.0.0.0");
      port = Check.range("port", port, 9464, 0, 65535);
    }
  }
}
