package io.cpesentinel.delivery.quarantine;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * Puts every element under one key: the quarantine caps are fleet-wide, so one keyed instance must
 * see every alert and command (quarantine volume is small by design).
 */
public final class FleetKey<T> implements KeySelector<T, String> {
  private static final long serialVersionUID = 1L;

  /** The only key. */
  public static final String FLEET = "fleet";

  @Override
  public String getKey(T value) {
    return FLEET;
  }
}
