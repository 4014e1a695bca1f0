package io.cpesentinel.ingest.xml;

/**
 * Why the ingest refused a message. The code is what operators count and alert on (metrics label,
 * {@code dlq.reason.code} header), so the names are stable; the HTTP status is what the peer gets.
 */
public enum RejectReason {
  /** A DOCTYPE declaration: SOAP forbids it, and refusing it outright rules out XXE and bombs. */
  XML_DOCTYPE(400),
  /** Elements nested deeper than any CWMP message needs. */
  XML_TOO_DEEP(400),
  /** The body is larger than the configured limit. */
  BODY_TOO_LARGE(413),
  /** Not well-formed XML. */
  XML_MALFORMED(400),
  /** A hard parser limit (element count, attribute count or size, text length) was hit. */
  XML_LIMIT_EXCEEDED(400),
  /** The document or the HTTP body ends before it is complete. */
  TRUNCATED(400),
  /** Well-formed XML, but not a SOAP 1.1 envelope with a body. */
  NOT_SOAP(400),
  /** The RPC element is not in one of the CWMP namespaces urn:dslforum-org:cwmp-1-0/1/2. */
  CWMP_NAMESPACE_UNSUPPORTED(400),
  /** A CWMP session must start with an Inform. */
  NOT_AN_INFORM(400),
  /** More ParameterValueStructs than allowed. */
  TOO_MANY_PARAMETERS(400),
  /** More EventStructs than CWMP allows (64). */
  TOO_MANY_EVENTS(400),
  /** A name or value longer than allowed. */
  VALUE_TOO_LONG(400),
  /** An Inform or RPC that lacks a required field or has one that does not parse. */
  INVALID_MESSAGE(400),
  /** A Content-Encoding other than identity, gzip or deflate. */
  UNSUPPORTED_ENCODING(415),
  /** The body did not arrive within the read deadline or below the minimum data rate. */
  SLOW_BODY(408),
  /** A JSON body that does not match the documented schema (webhook). */
  JSON_INVALID(400),
  /** A GenieACS access-log line that is in neither the simple nor the JSON format. */
  LOG_LINE_UNPARSEABLE(0);

  private final int httpStatus;

  RejectReason(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the peer is answered with; 0 where there is no peer (log lines). */
  public int httpStatus() {
    return httpStatus;
  }
}
