package io.cpesentinel.detect;

import io.cpesentinel.detect.state.DeviceState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The last value of each critical parameter of one device, stored in {@link DeviceState#getValues}
 * as a flat list of pairs (key, value, key, value, …). A device has a few dozen critical values and
 * millions of devices are held at once: a hash map costs about 40 bytes per entry plus its table, a
 * flat list of pooled strings 8. Lookups scan, which is faster than hashing at this size.
 */
final class CriticalValues {
  private CriticalValues() {}

  static String get(DeviceState state, String key) {
    List<String> pairs = state.getValues();
    for (int i = 0; i < pairs.size(); i += 2) {
      if (pairs.get(i).equals(key)) {
        return pairs.get(i + 1);
      }
    }
    return null;
  }

  /**
   * Sets {@code key} to {@code value}; returns the previous value, or null. An unchanged value
   * keeps the string already stored; a new one is stored as {@code pool} shares it. The scan starts
   * at pair {@code hint} and wraps around: a device reports its parameters in the same order every
   * time, so the caller passes the parameter's position in the Inform and the pair is found at
   * once.
   */
  static String put(DeviceState state, String key, String value, StringPool pool, int hint) {
    List<String> pairs = state.getValues();
    int n = pairs.size();
    for (int step = 0, i = (hint * 2 < n ? hint * 2 : 0); step < n; step += 2, i += 2) {
      if (i >= n) {
        i = 0;
      }
      if (pairs.get(i).equals(key)) {
        String old = pairs.get(i + 1);
        if (!old.equals(value)) {
          pairs.set(i + 1, pool.share(value));
        }
        return old;
      }
    }
    if (!(pairs instanceof ArrayList)) {
      pairs = new ArrayList<>(pairs);
      state.setValues(pairs);
    }
    pairs.add(pool.share(key));
    pairs.add(pool.share(value));
    return null;
  }

  static void forEach(DeviceState state, BiConsumer<String, String> action) {
    List<String> pairs = state.getValues();
    for (int i = 0; i < pairs.size(); i += 2) {
      action.accept(pairs.get(i), pairs.get(i + 1));
    }
  }
}
