package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a whole request body without blocking a thread, bounded in size (before and after
 * decompression) and in time, so neither a huge nor a slow body can hold the server. Failures are
 * {@link RejectedInputException}s with BODY_TOO_LARGE, SLOW_BODY, TRUNCATED or
 * UNSUPPORTED_ENCODING.
 */
public final class BodyReader {
  private final int maxBytes;
  private final Duration deadline;

  public BodyReader(int maxBytes, Duration deadline) {
    this.maxBytes = maxBytes;
    this.deadline = deadline;
  }

  /** Completes with the (decoded) body, or exceptionally with a {@link RejectedInputException}. */
  public CompletableFuture<byte[]> read(Request request) {
    String coding;
    try {
      coding = ContentCodings.check(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
    } catch (RejectedInputException e) {
      return CompletableFuture.failedFuture(e);
    }
    long declared = request.getLength();
    if (declared > maxBytes) {
      return CompletableFuture.failedFuture(tooLarge(declared));
    }
    return Content.Source.asByteArrayAsync(request, maxBytes + 1)
        .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (body, error) -> {
              try {
                if (error != null) {
                  throw classify(request, error);
                }
                if (body.length > maxBytes) {
                  throw tooLarge(body.length);
                }
                return ContentCodings.decode(coding, body, maxBytes);
              } catch (RejectedInputException e) {
                throw new CompletionException(e);
              }
            });
  }

  private RejectedInputException classify(Request request, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return new RejectedInputException(
          RejectReason.SLOW_BODY,
          "the body did not arrive within " + deadline.toMillis() + " ms",
          cause);
    }
    if (Request.getContentBytesRead(request) > maxBytes) {
      return tooLarge(Request.getContentBytesRead(request));
    }
    return new RejectedInputException(
        RejectReason.TRUNCATED, "the body could not be read to its end: " + cause, cause);
  }

  private RejectedInputException tooLarge(long size) {
    return new RejectedInputException(
        RejectReason.BODY_TOO_LARGE,
        "the body has " + size + " bytes or more; at most " + maxBytes + " are accepted");
  }
}
