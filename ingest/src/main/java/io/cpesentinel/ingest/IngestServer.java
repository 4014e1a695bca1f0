package io.cpesentinel.ingest;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.ingest.acs.AcsEvents;
import io.cpesentinel.ingest.config.ConfigLoader;
import io.cpesentinel.ingest.config.IngestConfig;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.cwmp.EventIds;
import io.cpesentinel.ingest.cwmp.InformRecords;
import io.cpesentinel.ingest.cwmp.SoapErrorFormat;
import io.cpesentinel.ingest.cwmp.SoapResponses;
import io.cpesentinel.ingest.genieacs.GenieAcsEvents;
import io.cpesentinel.ingest.genieacs.GenieAcsTailer;
import io.cpesentinel.ingest.http.AckedReplies;
import io.cpesentinel.ingest.http.BodyReader;
import io.cpesentinel.ingest.http.CwmpEndpoint;
import io.cpesentinel.ingest.http.CwmpMode;
import io.cpesentinel.ingest.http.Listeners;
import io.cpesentinel.ingest.http.Rejections;
import io.cpesentinel.ingest.kafka.DeadLetters;
import io.cpesentinel.ingest.kafka.ProducerSettings;
import io.cpesentinel.ingest.kafka.RecordPublisher;
import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.ingest.proxy.ProxyMode;
import io.cpesentinel.ingest.proxy.UpstreamClient;
import io.cpesentinel.ingest.receiver.AuthFailureObserver;
import io.cpesentinel.ingest.receiver.ReceiverMode;
import io.cpesentinel.ingest.receiver.ReceiverSecurity;
import io.cpesentinel.ingest.secret.KeyedDigest;
import io.cpesentinel.ingest.secret.ParameterRedactor;
import io.cpesentinel.ingest.secret.SecretParameterPolicy;
import io.cpesentinel.ingest.session.CwmpSessions;
import io.cpesentinel.ingest.webhook.WebhookEndpoint;
import io.cpesentinel.ingest.webhook.WebhookEvents;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest process: wires the configured parts together and runs them until stopped. {@code main}
 * reads the YAML config named by its argument (or {@code CPE_INGEST_CONFIG}); secrets come from
 * files or environment variables the config points to, never from the command line.
 */
public final class IngestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
  private static final String CWMP_CONNECTOR = "cwmp";
  private static final String WEBHOOK_CONNECTOR = "webhook";

  private final IngestConfig config;
  private final IngestMetrics metrics = new IngestMetrics();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Server server;
  private final ServerConnector cwmpConnector;
  private ServerConnector webhookConnector;
  private HTTPServer metricsServer;

  private IngestServer(IngestConfig config, Map<String, String> environment, Clock clock)
      throws Exception {
    this.config = config;
    IngestConfig.CwmpLimits limits = config.cwmp().limits();
    RecordPublisher publisher =
        new RecordPublisher(
            new KafkaProducer<>(
                ProducerSettings.of(config.kafka(), config.node(), limits.maxBodyBytes())),
            config.kafka().topicNames(),
            config.kafka().maxInFlight(),
            metrics);
    closeables.add(publisher);
    DeadLetters deadLetters =
        new DeadLetters(
            publisher, metrics, config.deadLetters().perSecond(), config.deadLetters().burst());
    byte[] digestKey =
        config
            .secrets()
            .digestKey()
            .resolve("secrets.digestKey", environment::get)
            .getBytes(StandardCharsets.UTF_8);
    ParameterRedactor redactor =
        new ParameterRedactor(
            new SecretParameterPolicy(config.secrets().extraSecretSuffixes()),
            new KeyedDigest(digestKey));
    EventIds ids = new EventIds();
    AcsEvents events = new AcsEvents(config.node(), redactor, ids);
    SoapResponses soap = new SoapResponses();

    // Handlers never block (bodies and Kafka acks are asynchronous): few threads suffice, and
    // fewer threads mean less switching on small machines.
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("ingest-http");
    server = new Server(threads);
    ContextHandlerCollection contexts = new ContextHandlerCollection();

    CwmpSessions sessions =
        new CwmpSessions(config.cwmp().sessionTimeout(), limits.maxConnections() * 4L);
    Rejections cwmpRejections =
        new Rejections(
            metrics,
            deadLetters,
            publisher.topics().informDeadLetters(),
            "ingest.cwmp",
            new SoapErrorFormat(soap),
            config.kafka().retryAfter());
    AckedReplies cwmpReplies =
        new AckedReplies(publisher, cwmpRejections, metrics, config.mode().name());
    CwmpParser parser = new CwmpParser(limits.xml());
    InformRecords informs = new InformRecords(redactor, ids);
    CwmpMode mode =
        config.mode() == IngestConfig.Mode.PROXY
            ? proxy(sessions, parser, informs, events, cwmpReplies, clock)
            : new ReceiverMode(
                config.node(),
                config.cwmp().auth().method() != IngestConfig.CwmpAuthMethod.NONE,
                sessions,
                informs,
                events,
                soap,
                cwmpReplies,
                cwmpRejections);
    Handler cwmp =
        new CwmpEndpoint(
            new BodyReader(limits.maxBodyBytes(), limits.bodyReadTimeout()),
            parser,
            sessions,
            cwmpRejections,
            mode,
            clock);
    if (config.cwmp().auth().method() != IngestConfig.CwmpAuthMethod.NONE) {
      ReceiverSecurity security =
          ReceiverSecurity.create(config.cwmp().auth(), sessions, environment);
      security.setHandler(cwmp);
      cwmp =
          new AuthFailureObserver(
              security,
              config.node(),
              config.cwmp().emitChallengeEvents(),
              events,
              publisher,
              metrics,
              clock);
    }
    if (limits.minRequestBytesPerSecond() > 0) {
      cwmp = new MinimumDataRateHandler(cwmp, limits.minRequestBytesPerSecond(), 0);
    }
    cwmpConnector =
        Listeners.connector(
            server,
            CWMP_CONNECTOR,
            config.cwmp().listen(),
            limits.idleTimeout(),
            limits.maxConnections(),
            environment);
    server.addConnector(cwmpConnector);
    contexts.addHandler(forConnector(CWMP_CONNECTOR, cwmp));

    if (config.webhook().enabled()) {
      IngestConfig.Webhook webhook = config.webhook();
      Rejections webhookRejections =
          new Rejections(
              metrics,
              deadLetters,
              publisher.topics().acsEventDeadLetters(),
              "ingest.webhook",
              WebhookEndpoint.errorFormat(),
              config.kafka().retryAfter());
      webhookConnector =
          Listeners.connector(
              server, WEBHOOK_CONNECTOR, webhook.listen(), limits.idleTimeout(), 1024, environment);
      server.addConnector(webhookConnector);
      contexts.addHandler(
          forConnector(
              WEBHOOK_CONNECTOR,
              new WebhookEndpoint(
                  webhook.token().resolve("webhook.token", environment::get),
                  new BodyReader(webhook.maxBodyBytes(), limits.bodyReadTimeout()),
                  new WebhookEvents(events, webhook.maxEvents()),
                  new AckedReplies(publisher, webhookRejections, metrics, "webhook"),
                  webhookRejections,
                  clock)));
    }
    server.setHandler(contexts);
    server.setStopTimeout(5_000);

    if (config.genieacsLog().enabled()) {
      IngestConfig.GenieAcsLog log = config.genieacsLog();
      GenieAcsTailer tailer =
          new GenieAcsTailer(
              Path.of(log.path()),
              Path.of(log.offsetFile()),
              log.maxLineBytes(),
              new GenieAcsEvents(events, log.acsInstance()),
              publisher,
              deadLetters,
              metrics,
              config.kafka().deliveryTimeout(),
              clock);
      closeables.add(0, tailer);
      tailer.start(log.pollInterval());
    }
  }

  private CwmpMode proxy(
      CwmpSessions sessions,
      CwmpParser parser,
      InformRecords informs,
      AcsEvents events,
      AckedReplies replies,
      Clock clock)
      throws Exception {
    IngestConfig.Proxy proxy = config.cwmp().proxy();
    UpstreamClient upstream = new UpstreamClient(proxy);
    closeables.add(0, upstream);
    return new ProxyMode(
        config.node(),
        config.cwmp().emitChallengeEvents(),
        upstream,
        sessions,
        parser,
        informs,
        events,
        replies,
        metrics,
        config.kafka().retryAfter(),
        proxy.maxResponseBytes(),
        clock);
  }

  private static Handler forConnector(String connector, Handler handler) {
    ContextHandler context = new ContextHandler(handler, "/");
    context.setVirtualHosts(List.of("@" + connector));
    return context;
  }

  /** Builds and starts an ingest; the caller closes it. */
  public static IngestServer start(IngestConfig config, Map<String, String> environment)
      throws Exception {
    IngestServer ingest = new IngestServer(config, environment, Clock.systemUTC());
    try {
      ingest.server.start();
      if (config.metrics().enabled()) {
        ingest.metricsServer =
            HTTPServer.builder()
                .hostname(config.metrics().host())
                .port(config.metrics().port())
                .registry(ingest.metrics.registry())
                .buildAndStart();
      }
    } catch (Exception e) {
      ingest.close();
      throw e;
    }
    LOG.info(
        "ingest {} up in {} mode: CWMP on port {}{}{}",
        config.node(),
        config.mode().name().toLowerCase(java.util.Locale.ROOT),
        ingest.cwmpPort(),
        ingest.webhookConnector == null ? "" : ", ACS webhook on port " + ingest.webhookPort(),
        ingest.metricsServer == null ? "" : ", metrics on port " + ingest.metricsServer.getPort());
    return ingest;
  }

  public int cwmpPort() {
    return cwmpConnector.getLocalPort();
  }

  public int webhookPort() {
    return webhookConnector == null ? -1 : webhookConnector.getLocalPort();
  }

  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.getPort();
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly: {}", closeable, e.toString());
      }
    }
  }

  /** Runs the ingest with the config file named by the argument or CPE_INGEST_CONFIG. */
  public static void main(String[] args) throws Exception {
    String path = args.length > 0 ? args[0] : System.getenv("CPE_INGEST_CONFIG");
    if (path == null) {
      System.err.println("usage: IngestServer <config.yaml>   (or set CPE_INGEST_CONFIG)");
      System.exit(2);
    }
    IngestServer ingest;
    try {
      ingest = start(new ConfigLoader().load(Path.of(path)), System.getenv());
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ingest.close();
                  stopped.countDown();
                },
                "ingest-shutdown"));
    stopped.await();
  }
}
