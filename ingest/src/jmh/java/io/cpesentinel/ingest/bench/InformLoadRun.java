package io.cpesentinel.ingest.bench;

import io.cpesentinel.ingest.IngestServer;
import io.cpesentinel.ingest.config.ConfigLoader;
import io.cpesentinel.ingest.testing.InformCorpus;
import io.cpesentinel.ingest.testing.TestRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * HTTP load run against a real ingest and broker: {@code connections} simulated CPEs, each
 * sending Informs back to back on a kept-alive connection (each a different device, realistic
 * TR-098/TR-181 bodies), for {@code seconds} after a warm-up. Prints Informs/s (answered 200,
 * i.e. acknowledged by Kafka) and the response-time percentiles.
 *
 * <p>Usage: {@code InformLoadRun --bootstrap 127.0.0.1:9092 [--seconds 30] [--connections 64]}
 * starts a receiver-mode ingest in this JVM against that broker (topics cpe.inform etc. must
 * exist); {@code --url http://host:7547/} loads an ingest that is already running instead.
 */
public final class InformLoadRun {
  private static final int MAX_SAMPLES = 5_000_000;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
    int connections = Integer.parseInt(options.getOrDefault("connections", "64"));
    IngestServer ingest = null;
    String url = options.get("url");
    if (url == null) {
      ingest = startIngest(options.getOrDefault("bootstrap", "127.0.0.1:9092"));
      url = "http://127.0.0.1:" + ingest.cwmpPort() + "/";
    }
    List<Template> templates =
        List.of(
            Template.of(InformCorpus.entry("tr098-2-periodic.xml").bytes()),
            Template.of(InformCorpus.entry("tr181-1-boot-m-reboot.xml").bytes()),
            Template.of(InformCorpus.entry("tr098-4-value-change.xml").bytes()),
            Template.of(InformCorpus.entry("tr181-4-value-change.xml").bytes()));
    HttpClient client = new HttpClient();
    QueuedThreadPool clientThreads = new QueuedThreadPool(8, 2);
    clientThreads.setName("load-client");
    client.setExecutor(clientThreads);
    client.setMaxConnectionsPerDestination(connections);
    client.start();
    try {
      System.out.printf("warm-up %d s, %d connections, target %s%n", warmup, connections, url);
      run(client, url, templates, connections, warmup, new long[MAX_SAMPLES]);
      long[] latencies = new long[MAX_SAMPLES];
      Run result = run(client, url, templates, connections, seconds, latencies);
      long[] sorted = Arrays.copyOf(latencies, (int) Math.min(result.ok, MAX_SAMPLES));
      Arrays.sort(sorted);
      System.out.printf(
          "RESULT informs_ok=%d errors=%d seconds=%.1f informs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f"
              + " max_ms=%.2f%n",
          result.ok,
          result.errors,
          result.seconds,
          result.ok / result.seconds,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
      if (ingest != null) {
        System.out.printf(
            "ingest counted %.0f Informs acknowledged by Kafka%n", ingest.metrics().informs("receiver"));
      }
    } finally {
      client.stop();
      if (ingest != null) {
        ingest.close();
      }
    }
  }

  private record Run(long ok, long errors, double seconds) {}

  private static Run run(
      HttpClient client,
      String url,
      List<Template> templates,
      int connections,
      int seconds,
      long[] latencies)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicInteger serial = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(connections);
    long started = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      new Cpe(client, url, templates, end, ok, errors, serial, latencies, done).next();
    }
    done.await(seconds + 60L, TimeUnit.SECONDS);
    return new Run(ok.get(), errors.get(), (System.nanoTime() - started) / 1e9);
  }

  /** One simulated CPE: sends the next Inform when the previous one is answered. */
  private record Cpe(
      HttpClient client,
      String url,
      List<Template> templates,
      long end,
      AtomicLong ok,
      AtomicLong errors,
      AtomicInteger serial,
      long[] latencies,
      CountDownLatch done) {
    void next() {
      if (System.nanoTime() > end) {
        done.countDown();
        return;
      }
      int n = serial.incrementAndGet();
      byte[] body = templates.get(n % templates.size()).withSerial(n);
      long sent = System.nanoTime();
      client
          .newRequest(url)
          .method("POST")
          .timeout(30, TimeUnit.SECONDS)
          .body(new BytesRequestContent("text/xml; charset=utf-8", body))
          .send(
              (Result result) -> {
                if (!result.isFailed() && result.getResponse().getStatus() == 200) {
                  long index = ok.getAndIncrement();
                  if (index < latencies.length) {
                    latencies[(int) index] = System.nanoTime() - sent;
                  }
                } else {
                  errors.incrementAndGet();
                }
                next();
              });
    }
  }

  /** A corpus Inform cut around its SerialNumber, so each request can be a distinct device. */
  private record Template(byte[] head, byte[] tail) {
    static Template of(byte[] inform) {
      String text = new String(inform, StandardCharsets.UTF_8);
      int open = text.indexOf("<SerialNumber>") + "<SerialNumber>".length();
      int close = text.indexOf("</SerialNumber>");
      return new Template(
          text.substring(0, open).getBytes(StandardCharsets.UTF_8),
          text.substring(close).getBytes(StandardCharsets.UTF_8));
    }

    byte[] withSerial(int n) {
      byte[] serial = ("L" + n).getBytes(StandardCharsets.US_ASCII);
      byte[] body = new byte[head.length + serial.length + tail.length];
      System.arraycopy(head, 0, body, 0, head.length);
      System.arraycopy(serial, 0, body, head.length, serial.length);
      System.arraycopy(tail, 0, body, head.length + serial.length, tail.length);
      return body;
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static IngestServer startIngest(String bootstrap) throws Exception {
    String yaml =
        """
        node: load-run
        mode: receiver
        cwmp:
          listen: {host: 127.0.0.1, port: 0}
        kafka:
          bootstrapServers: %s
        secrets:
          digestKey: {env: BENCH_DIGEST_KEY}
        metrics: {enabled: false}
        """
            .formatted(bootstrap);
    return IngestServer.start(
        new ConfigLoader().parse(yaml, "load-run"),
        Map.of("BENCH_DIGEST_KEY", TestRecords.DIGEST_KEY));
  }
}
