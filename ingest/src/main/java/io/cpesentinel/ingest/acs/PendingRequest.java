package io.cpesentinel.ingest.acs;

/**
 * An ACS request sent down in a session and not yet answered, so the CPE's response or fault (same
 * cwmp:ID) can say what it answers.
 */
public record PendingRequest(String method, String commandKey) {}
