package io.cpesentinel.epl;

/**
 * A rule module that cannot run: it does not compile, or its metadata is missing or wrong. The
 * message names the module's source and, for compile errors, the line.
 */
public final class RuleRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public RuleRejectedException(String message) {
    super(message);
  }

  public RuleRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
