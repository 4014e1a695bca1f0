package io.cpesentinel.ingest.proxy;

import io.cpesentinel.ingest.config.IngestConfig;
import io.cpesentinel.ingest.http.Peer;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * Forwards CPE requests to the upstream ACS with Jetty's HttpClient. Each CPE connection gets a
 * connection of its own to the ACS, kept for as long as the CPE's: ACSs tie session state and
 * Digest nonces to the TCP connection (GenieACS does), so a session must not hop between pooled
 * connections. The client adds nothing of its own: no cookie store, no content decoding, no
 * User-Agent, no redirects.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final String ATTRIBUTE = UpstreamClient.class.getName() + ".connection";

  private final HttpClient client = new HttpClient();
  private final URI upstream;
  private final IngestConfig.Proxy config;
  private final Destination destination;

  public UpstreamClient(IngestConfig.Proxy config) throws Exception {
    this.config = config;
    this.upstream = config.upstream();
    client.setConnectTimeout(config.connectTimeout().toMillis());
    client.setIdleTimeout(config.responseTimeout().toMillis() * 2);
    client.setFollowRedirects(false);
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.getContentDecoderFactories().clear();
    client.setUserAgentField(null);
    client.start();
    destination = client.resolveDestination(client.newRequest(upstream));
  }

  /** The upstream's {@code host:port}, used as the {@code acsInstance} of proxy events. */
  public String authority() {
    return upstream.getAuthority();
  }

  /**
   * Sends {@code body} with the CPE's request headers (less hop-by-hop ones, plus {@code
   * Forwarded}) on the upstream connection of the CPE's connection.
   */
  public CompletableFuture<UpstreamResponse> forward(
      org.eclipse.jetty.server.Request downstream, byte[] body, Peer peer) {
    String contentType = downstream.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String target = downstream.getHttpURI().getPathQuery();
    Request request =
        client
            .newRequest(upstream.resolve(target == null || target.isEmpty() ? "/" : target))
            .method(HttpMethod.POST)
            .timeout(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .body(new BytesRequestContent(contentType, body))
            .headers(
                headers -> {
                  for (HttpField field : downstream.getHeaders()) {
                    if (!HopByHop.isHopByHop(field)
                        && field.getHeader() != HttpHeader.CONTENT_ENCODING
                        && field.getHeader() != HttpHeader.CONTENT_TYPE) {
                      headers.add(field);
                    }
                  }
                  headers.add(HttpHeader.X_FORWARDED_FOR, peer.ip());
                  headers.add(
                      HttpHeader.FORWARDED,
                      "for=\"" + peer.describe() + "\";proto=" + (peer.tls() ? "https" : "http"));
                });
    CompletableFuture<UpstreamResponse> response = new CompletableFuture<>();
    connection(downstream.getConnectionMetaData())
        .whenComplete(
            (connection, error) -> {
              if (error != null) {
                response.completeExceptionally(error);
                return;
              }
              connection.send(
                  request,
                  new BufferingResponseListener(config.maxResponseBytes()) {
                    @Override
                    public void onComplete(Result result) {
                      if (result.isFailed()) {
                        response.completeExceptionally(result.getFailure());
                      } else {
                        response.complete(
                            new UpstreamResponse(
                                result.getResponse().getStatus(),
                                result.getResponse().getHeaders(),
                                getContent()));
                      }
                    }
                  });
            });
    return response;
  }

  private CompletableFuture<Connection> connection(ConnectionMetaData downstream) {
    synchronized (downstream) {
      Object existing = downstream.getAttribute(ATTRIBUTE);
      if (existing instanceof CompletableFuture<?> pending
          && !pending.isCompletedExceptionally()
          && !(pending.isDone() && ((Connection) pending.join()).isClosed())) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Connection> connection = (CompletableFuture<Connection>) pending;
        return connection;
      }
      CompletableFuture<Connection> created = destination.newConnection();
      downstream.setAttribute(ATTRIBUTE, created);
      if (existing == null) {
        downstream
            .getConnection()
            .addEventListener(
                new org.eclipse.jetty.io.Connection.Listener() {
                  @Override
                  public void onClosed(org.eclipse.jetty.io.Connection closed) {
                    Object last = downstream.getAttribute(ATTRIBUTE);
                    if (last instanceof CompletableFuture<?> future) {
                      future.thenAccept(c -> ((Connection) c).close());
                    }
                  }
                });
      }
      return created;
    }
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
