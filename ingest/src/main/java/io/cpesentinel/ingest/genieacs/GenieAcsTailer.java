package io.cpesentinel.ingest.genieacs;

import io.cpesentinel.ingest.kafka.DeadLetters;
import io.cpesentinel.ingest.kafka.Outgoing;
import io.cpesentinel.ingest.kafka.RecordPublisher;
import io.cpesentinel.ingest.metrics.IngestMetrics;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails GenieACS's CWMP access log into {@code acs.events}: each poll reads the new lines, turns
 * them into events, and moves the saved position only once Kafka acknowledged the whole batch.
 * While Kafka is down the position stays put and the next poll tries again, so the log itself is
 * the buffer. Lines in no known format are counted and sampled to {@code acs.events.dlq}.
 */
public final class GenieAcsTailer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenieAcsTailer.class);
  private static final String STAGE = "ingest.genieacs-log";

  private final Path file;
  private final LogFollower follower;
  private final GenieAcsLogParser parser = new GenieAcsLogParser();
  private final GenieAcsEvents events;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;
  private final IngestMetrics metrics;
  private final Duration ackTimeout;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public GenieAcsTailer(
      Path file,
      Path positionStore,
      int maxLineBytes,
      GenieAcsEvents events,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      IngestMetrics metrics,
      Duration ackTimeout,
      Clock clock)
      throws java.io.IOException {
    this.file = file;
    this.events = events;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.ackTimeout = ackTimeout;
    this.clock = clock;
    this.follower = new LogFollower(file, positionStore, maxLineBytes, this::publish);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "genieacs-log-tailer");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Polls the file every {@code interval} until closed. */
  public void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round; failures are logged and the round is tried again at the next poll. */
  public void pollOnce() {
    try {
      follower.poll();
    } catch (Exception e) {
      LOG.warn("GenieACS log {}: round stopped, will retry: {}", file, e.toString());
    }
  }

  private void publish(List<LogFollower.Line> lines) throws Exception {
    Instant received = clock.instant();
    List<Outgoing> records = new ArrayList<>(lines.size());
    for (LogFollower.Line line : lines) {
      if (line.text().isBlank()) {
        continue;
      }
      try {
        if (line.cut()) {
          throw new RejectedInputException(
              RejectReason.LOG_LINE_UNPARSEABLE, "the line is longer than the limit and was cut");
        }
        records.add(events.toEvent(parser.parse(line.text()), received));
      } catch (RejectedInputException e) {
        metrics.reject(e.reason());
        deadLetters.offer(
            publisher.topics().acsEventDeadLetters(),
            null,
            line.text().getBytes(StandardCharsets.UTF_8),
            DeadLetters.letter(
                e.reason().name(), e.getMessage(), STAGE, file + ":" + line.offset()));
      }
    }
    publisher.publish(records).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    for (Outgoing record : records) {
      metrics.acsEvent(
          "genieacs_log",
          ((Outgoing.Event) record).record().getKind().name().toLowerCase(Locale.ROOT));
    }
  }

  @Override
  public void close() throws Exception {
    scheduler.shutdown();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
    follower.close();
  }
}
