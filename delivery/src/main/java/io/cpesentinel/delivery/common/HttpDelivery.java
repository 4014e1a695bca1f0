package io.cpesentinel.delivery.common;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.cpesentinel.delivery.config.RetrySettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one HTTP request to an outside system until it is accepted: the JDK's {@link HttpClient}
 * (TLS with the JVM's trust store for https URLs, no redirects followed, so a request never lands
 * somewhere it was not configured to go) under a Failsafe retry policy that retries network errors,
 * 408, 429 and 5xx with backoff, and never anything else.
 */
public final class HttpDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String destination;
  private final HttpClient client;
  private final RetryPolicy<HttpResponse<String>> retry;

  public HttpDelivery(String destination, RetrySettings settings) {
    this.destination = destination;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.retry =
        Retries.<HttpResponse<String>>backoff(settings, destination, LOG)
            .handle(IOException.class)
            .handleResultIf(response -> HttpStatus.isRetryable(response.statusCode()))
            .build();
  }

  /**
   * Sends a request, retrying as described above; {@code request} builds each attempt, so an
   * attempt can carry its own time (a webhook's timestamp and signature).
   *
   * @return the accepted (2xx) response
   * @throws PermanentDeliveryException when the destination refuses the request for good
   * @throws IOException when retries are exhausted (only with a configured {@code maxDuration})
   */
  public HttpResponse<String> send(Supplier<HttpRequest> request)
      throws PermanentDeliveryException, IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response =
          Failsafe.with(retry)
              .get(() -> client.send(request.get(), HttpResponse.BodyHandlers.ofString()));
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
    int status = response.statusCode();
    if (HttpStatus.isSuccess(status)) {
      return response;
    }
    if (HttpStatus.isRetryable(status)) {
      throw new IOException(
          destination + " still answers HTTP " + status + " after retrying; giving up");
    }
    throw new PermanentDeliveryException(destination, status, response.body());
  }
}
