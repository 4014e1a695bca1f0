package io.cpesentinel.sim.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the fleet reaches the pipeline: CWMP over HTTP to the ingest ({@link HttpTransport}) or
 * straight into the Kafka topics with the ingest's own record mapping ({@link KafkaTransport}).
 */
public interface Transport extends AutoCloseable {
  /** Runs one session; completes when the Inform was accepted or finally given up. */
  CompletableFuture<Void> session(CpeSession session);

  /** Reports ACS events; completes when they were accepted or finally given up. */
  CompletableFuture<Void> acs(List<AcsAction> actions);

  /** One line saying where records go. */
  String describe();

  @Override
  void close();
}
