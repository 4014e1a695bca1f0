package io.cpesentinel.ingest.proxy;

import org.eclipse.jetty.http.HttpFields;

/** The upstream ACS's answer to one forwarded POST, body as sent (not decoded). */
public record UpstreamResponse(int status, HttpFields headers, byte[] body) {}
