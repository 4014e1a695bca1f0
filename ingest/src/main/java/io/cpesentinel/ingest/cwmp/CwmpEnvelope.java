package io.cpesentinel.ingest.cwmp;

/**
 * One parsed SOAP envelope of a CWMP session.
 *
 * @param cwmpNamespace the cwmp URN of the RPC (or of the cwmp:Fault detail); null for a SOAP fault
 *     without CWMP detail
 * @param id the cwmp:ID header, echoed in the answer; null when absent
 * @param supportedCwmpVersions the cwmp:SupportedCWMPVersions header (CWMP 1.4), or null
 * @param message the RPC, response or fault in the body
 */
public record CwmpEnvelope(
    String cwmpNamespace, String id, String supportedCwmpVersions, CwmpMessage message) {}
