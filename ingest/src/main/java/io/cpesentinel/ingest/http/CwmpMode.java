package io.cpesentinel.ingest.http;

import io.cpesentinel.schema.IngestMode;

/**
 * How the ingest answers a CPE: as the ACS itself (receiver) or by relaying an upstream ACS
 * (proxy). Implementations must complete the exchange's callback exactly once.
 */
public interface CwmpMode {
  IngestMode mode();

  void handle(CwmpExchange exchange);
}
