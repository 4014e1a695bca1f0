package io.cpesentinel.delivery.common;

/**
 * A destination refused a request in a way retrying cannot fix (HTTP 400 and most other 4xx): the
 * item goes to the dead-letter topic or the audit with this reason, and the job moves on.
 */
public final class PermanentDeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public PermanentDeliveryException(String destination, int status, String body) {
    super(destination + " refused the request with HTTP " + status + ": " + abbreviate(body));
    this.status = status;
  }

  public int status() {
    return status;
  }

  private static String abbreviate(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() <= 1000 ? text : text.substring(0, 1000) + "…";
  }
}
