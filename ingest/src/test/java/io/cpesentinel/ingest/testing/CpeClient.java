package io.cpesentinel.ingest.testing;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Plays a CPE over real HTTP: keeps its connection alive and its cookies, like a CWMP client does,
 * and can send bodies with a Content-Length or chunked.
 */
public final class CpeClient implements AutoCloseable {
  private final HttpClient client = new HttpClient();
  private final String url;

  public CpeClient(String url) throws Exception {
    this.url = url;
    client.setMaxConnectionsPerDestination(1);
    client.start();
  }

  public HttpClient http() {
    return client;
  }

  public ContentResponse post(byte[] body) throws Exception {
    return request().body(new BytesRequestContent("text/xml; charset=utf-8", body)).send();
  }

  /** POST with Transfer-Encoding: chunked (no Content-Length), in two chunks. */
  public ContentResponse postChunked(byte[] body) throws Exception {
    AsyncRequestContent content = new AsyncRequestContent("text/xml; charset=utf-8");
    int half = body.length / 2;
    content.write(ByteBuffer.wrap(body, 0, half), Callback.NOOP);
    content.write(ByteBuffer.wrap(body, half, body.length - half), Callback.NOOP);
    content.close();
    return request().body(content).send();
  }

  /** The CPE's empty POST: it has nothing more to send. */
  public ContentResponse emptyPost() throws Exception {
    return request().body(new BytesRequestContent(new byte[0])).send();
  }

  public Request request() {
    return client.newRequest(url).method("POST").timeout(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
