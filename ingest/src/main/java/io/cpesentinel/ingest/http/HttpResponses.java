package io.cpesentinel.ingest.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Writes complete responses; the one place that sets length, type and connection headers. */
public final class HttpResponses {
  public static final String SOAP_XML = "text/xml; charset=utf-8";
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  private HttpResponses() {}

  public static void send(
      Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    if (body == null || body.length == 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, BufferUtil.EMPTY_BUFFER, callback);
      return;
    }
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  public static void text(Response response, Callback callback, int status, String text) {
    send(response, callback, status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Asks the peer to close the connection after this response (used after rejections). */
  public static void closeAfter(Response response) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  /** 503 with Retry-After: Kafka cannot take the data now; the peer keeps it and retries. */
  public static void unavailable(
      Response response, Callback callback, Duration retryAfter, String reason) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter.toSeconds());
    text(response, callback, 503, "temporarily unavailable: " + reason);
  }
}
