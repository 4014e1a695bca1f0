package io.cpesentinel.delivery.common;

/** Which HTTP answers are worth another try: 408, 429 and 5xx; never other 4xx. */
public final class HttpStatus {
  private HttpStatus() {}

  public static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  public static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }
}
