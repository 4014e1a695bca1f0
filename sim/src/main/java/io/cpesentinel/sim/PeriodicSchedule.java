package io.cpesentinel.sim;

import io.cpesentinel.sim.fleet.SimDevice;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A shard's devices ordered by their next periodic Inform: a binary min-heap whose keys (epoch ms)
 * sit in a {@code long[]} next to the devices. A {@code PriorityQueue} with a comparator reads each
 * compared device's field through its reference, a cache miss per level of a heap of hundreds of
 * thousands of devices; during a boot storm that was an eighth of the generator's time. The time a
 * device was added under is its key until it is polled (a device is in the schedule at most once).
 * Devices due at the same millisecond come out in no particular order. Not thread-safe.
 */
final class PeriodicSchedule {
  private long[] at;
  private SimDevice[] devices;
  private int size;

  PeriodicSchedule(int capacity) {
    at = new long[Math.max(1, capacity)];
    devices = new SimDevice[at.length];
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** When the first device is due (epoch ms). */
  long firstAt() {
    if (size == 0) {
      throw new NoSuchElementException("the schedule is empty");
    }
    return at[0];
  }

  /** Adds {@code device} under its {@link SimDevice#nextPeriodicAt()}. */
  void add(SimDevice device) {
    if (size == at.length) {
      at = Arrays.copyOf(at, size * 2);
      devices = Arrays.copyOf(devices, size * 2);
    }
    long key = device.nextPeriodicAt();
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (at[parent] <= key) {
        break;
      }
      at[i] = at[parent];
      devices[i] = devices[parent];
      i = parent;
    }
    at[i] = key;
    devices[i] = device;
  }

  /** Removes and returns the device due first. */
  SimDevice poll() {
    if (size == 0) {
      throw new NoSuchElementException("the schedule is empty");
    }
    SimDevice first = devices[0];
    int last = --size;
    long key = at[last];
    SimDevice moved = devices[last];
    devices[last] = null;
    if (last > 0) {
      int i = 0;
      int half = last >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        if (child + 1 < last && at[child + 1] < at[child]) {
          child++;
        }
        if (key <= at[child]) {
          break;
        }
        at[i] = at[child];
        devices[i] = devices[child];
        i = child;
      }
      at[i] = key;
      devices[i] = moved;
    }
    return first;
  }
}
