package io.cpesentinel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.SimDevice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The schedule against the JDK's priority queue, on a fleet's devices with repeated times. */
class PeriodicScheduleTest {
  private static final long START = 1_800_000_000_000L;

  @Test
  void devicesComeOutInTheOrderOfTheirNextInformAsTheyAreTakenAndRescheduled() {
    List<SimDevice> devices = new Fleet(2_000, 10, START, 11).devices();
    SplittableRandom random = new SplittableRandom(5);
    for (SimDevice device : devices) {
      device.setNextPeriodicAt(START + random.nextInt(500)); // many share a millisecond
    }
    PeriodicSchedule schedule = new PeriodicSchedule(1); // grows
    PriorityQueue<SimDevice> reference =
        new PriorityQueue<>(Comparator.comparingLong(SimDevice::nextPeriodicAt));
    devices.forEach(schedule::add);
    reference.addAll(devices);

    List<Long> taken = new ArrayList<>();
    for (int round = 0; round < 50_000; round++) {
      long first = reference.peek().nextPeriodicAt();
      assertThat(schedule.firstAt()).isEqualTo(first);
      SimDevice device = schedule.poll();
      assertThat(device.nextPeriodicAt()).isEqualTo(first);
      assertThat(reference.remove(device)).as("polled a device it holds").isTrue();
      taken.add(device.nextPeriodicAt());
      if (round % 7 != 0) { // most come back an interval later, some leave for good
        device.setNextPeriodicAt(device.nextPeriodicAt() + random.nextInt(1, 600));
        schedule.add(device);
        reference.add(device);
      }
      if (schedule.isEmpty()) {
        break;
      }
    }
    assertThat(taken).isSorted().hasSizeGreaterThan(2_000);
    assertThat(schedule.isEmpty()).isEqualTo(reference.isEmpty());
  }

  @Test
  void anEmptyScheduleSaysSo() {
    PeriodicSchedule schedule = new PeriodicSchedule(0);
    assertThat(schedule.isEmpty()).isTrue();
    assertThatThrownBy(schedule::poll).hasMessageContaining("empty");
    assertThatThrownBy(schedule::firstAt).hasMessageContaining("empty");
  }
}
