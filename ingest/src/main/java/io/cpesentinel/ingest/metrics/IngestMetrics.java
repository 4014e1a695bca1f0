package io.cpesentinel.ingest.metrics;

import io.cpesentinel.ingest.xml.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/**
 * The ingest's Prometheus metrics, in a registry of its own (not the client's global one, so two
 * ingests in one JVM, as in tests, never share counters). Rates such as Informs/s are {@code
 * rate(cpe_ingest_informs_total[1m])} in PromQL.
 */
public final class IngestMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter informs;
  private final Counter rejects;
  private final Counter acsEvents;
  private final Counter deadLetters;
  private final Counter backPressure;
  private final Counter auth;
  private final Counter upstreamErrors;
  private final Histogram kafkaLatency;

  public IngestMetrics() {
    informs =
        Counter.builder()
            .name("cpe_ingest_informs_total")
            .help("Informs published to Kafka (acknowledged), by ingest mode")
            .labelNames("mode")
            .register(registry);
    rejects =
        Counter.builder()
            .name("cpe_ingest_rejects_total")
            .help("Messages refused as malformed or hostile, by reason code")
            .labelNames("reason")
            .register(registry);
    acsEvents =
        Counter.builder()
            .name("cpe_ingest_acs_events_total")
            .help("ACS events published to Kafka (acknowledged), by origin and kind")
            .labelNames("origin", "kind")
            .register(registry);
    deadLetters =
        Counter.builder()
            .name("cpe_ingest_dead_letters_total")
            .help(
                "Rejected inputs offered to a dead-letter topic, by outcome (sent, sampled_out, failed)")
            .labelNames("reason", "outcome")
            .register(registry);
    backPressure =
        Counter.builder()
            .name("cpe_ingest_backpressure_total")
            .help("Requests answered 503 because Kafka was slow or down, by cause")
            .labelNames("cause")
            .register(registry);
    auth =
        Counter.builder()
            .name("cpe_ingest_auth_total")
            .help("HTTP authentication outcomes seen on CWMP sessions")
            .labelNames("outcome", "method")
            .register(registry);
    upstreamErrors =
        Counter.builder()
            .name("cpe_ingest_upstream_errors_total")
            .help("Proxy mode: requests the upstream ACS did not answer")
            .register(registry);
    kafkaLatency =
        Histogram.builder()
            .name("cpe_ingest_kafka_ack_seconds")
            .help("Time from send to broker acknowledgement, by topic role")
            .labelNames("topic")
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Exposes a gauge read from {@code value} at scrape time. */
  public void gauge(String name, String help, IntSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsInt()))
        .register(registry);
  }

  public void inform(String mode) {
    informs.labelValues(mode).inc();
  }

  public void reject(RejectReason reason) {
    rejects.labelValues(reason.name()).inc();
  }

  public void acsEvent(String origin, String kind) {
    acsEvents.labelValues(origin, kind).inc();
  }

  public void deadLetter(String reason, String outcome) {
    deadLetters.labelValues(reason, outcome).inc();
  }

  public void backPressure(String cause) {
    backPressure.labelValues(cause).inc();
  }

  public void auth(String outcome, String method) {
    auth.labelValues(outcome, method).inc();
  }

  public void upstreamError() {
    upstreamErrors.inc();
  }

  public void kafkaAck(String topicRole, long nanos) {
    kafkaLatency.labelValues(topicRole).observe(nanos / 1e9);
  }

  /** Current value of a counter, for tests and the load report. */
  public double rejects(RejectReason reason) {
    return rejects.labelValues(reason.name()).get();
  }

  public double informs(String mode) {
    return informs.labelValues(mode).get();
  }
}
