package io.cpesentinel.ingest.cwmp;

import io.cpesentinel.ingest.secret.ParameterRedactor;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.IngestContext;
import java.time.Instant;

/**
 * Turns a parsed Inform into the {@code cpe.inform} record: secrets digested, data model told
 * apart, a fresh event id, and the ingest's receive time as the event time.
 */
public final class InformRecords {
  private final ParameterRedactor redactor;
  private final EventIds ids;

  public InformRecords(ParameterRedactor redactor, EventIds ids) {
    this.redactor = redactor;
    this.ids = ids;
  }

  public CwmpInform toRecord(
      CwmpEnvelope envelope, CwmpMessage.Inform inform, IngestContext context, Instant received) {
    // The all-arguments constructor: the builder's per-field validation and default copies cost
    // more than the parse on this hot path, and every field is set here anyway.
    return new CwmpInform(
        ids.next(),
        received,
        inform.deviceId(),
        inform.events(),
        inform.maxEnvelopes(),
        inform.currentTime(),
        inform.retryCount(),
        redactor.redact(inform.parameters()),
        DataModels.of(inform.parameters()),
        envelope.cwmpNamespace(),
        envelope.supportedCwmpVersions(),
        context);
  }
}
