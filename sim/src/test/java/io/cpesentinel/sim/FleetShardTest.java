package io.cpesentinel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.transport.AcsAction;
import io.cpesentinel.sim.transport.CpeSession;
import io.cpesentinel.sim.transport.Transport;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fleet split over generator threads: every device is scheduled by exactly one shard, and how
 * many shards there are changes neither when a device informs nor what it says (the shards are
 * stepped on a virtual clock here, so the comparison is exact).
 */
class FleetShardTest {
  private static final long START = 1_800_000_000_000L;
  private static final int DEVICES = 1_000;
  private static final int INTERVAL_SECONDS = 10;
  private static final long VIRTUAL_MILLIS = 10 * 60_000L;

  @Test
  void everyDeviceOfTheFleetBelongsToExactlyOneShard() {
    Fleet fleet = new Fleet(1_003, INTERVAL_SECONDS, START, 7);
    for (int shards : new int[] {1, 2, 3, 4, 7}) {
      List<List<SimDevice>> slices = FleetShard.slices(fleet.devices(), shards);
      assertThat(slices).hasSize(shards);
      int[] owners = new int[fleet.devices().size()];
      for (List<SimDevice> slice : slices) {
        slice.forEach(device -> owners[device.index()]++);
        assertThat(slice.size()).isBetween(1_003 / shards, 1_003 / shards + 1);
      }
      assertThat(owners).as("shards owning each device, %d shards", shards).containsOnly(1);
    }
    assertThatThrownBy(() -> FleetShard.slices(fleet.devices(), 0))
        .hasMessageContaining("generator threads: at least 1");
  }

  @Test
  void theInformsOfEveryDeviceDoNotDependOnHowManyShardsScheduleIt() {
    Map<String, List<String>> oneShard = simulate(1);
    Map<String, List<String>> fourShards = simulate(4);

    assertThat(oneShard).hasSize(DEVICES);
    // about 60 periodic Informs per device, with the background life among them
    assertThat(oneShard.values().stream().mapToInt(List::size).sum()).isGreaterThan(DEVICES * 55);
    List<String> all = oneShard.values().stream().flatMap(List::stream).toList();
    assertThat(all).anyMatch(line -> line.contains("4 VALUE CHANGE"));
    assertThat(all).anyMatch(line -> line.contains("M Reboot"));
    assertThat(all).anyMatch(line -> line.startsWith("acs REBOOT"));
    assertThat(all).anyMatch(line -> line.contains("[1 BOOT]"));
    assertThat(fourShards).isEqualTo(oneShard);
  }

  /** What each device sent over {@link #VIRTUAL_MILLIS}, in order, by device key. */
  private static Map<String, List<String>> simulate(int shards) {
    Fleet fleet = new Fleet(DEVICES, INTERVAL_SECONDS, START, 7);
    Recording transport = new Recording();
    BitSet taken = new BitSet();
    List<FleetShard> list = new ArrayList<>();
    for (List<SimDevice> slice : FleetShard.slices(fleet.devices(), shards)) {
      list.add(new FleetShard(slice, transport, taken, new SplittableRandom(list.size())));
    }
    for (long now = START; now < START + VIRTUAL_MILLIS; now += 100) {
      transport.now = now;
      for (FleetShard shard : list) {
        while (shard.step(now, FleetRunner.STEP_BUDGET) <= now) {
          // more is due at this instant than one step sends
        }
      }
    }
    return transport.byDevice;
  }

  /** Records every session and ACS event per device, with the virtual time it was sent at. */
  private static final class Recording implements Transport {
    final Map<String, List<String>> byDevice = new TreeMap<>();
    long now;

    @Override
    public CompletableFuture<Void> session(CpeSession session) {
      var inform = session.inform();
      String key = inform.deviceId().getSerialNumber();
      String events =
          inform.events().stream()
              .map(e -> e.getCode() + (e.getCommandKey().isEmpty() ? "" : "/" + e.getCommandKey()))
              .sorted()
              .collect(Collectors.joining(", ", "[", "]"));
      byDevice
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(
              "inform at "
                  + now
                  + " "
                  + events
                  + " from "
                  + session.sourceIp()
                  + " parameters "
                  + inform.parameters().hashCode());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> acs(List<AcsAction> actions) {
      for (AcsAction action : actions) {
        String serial = action.deviceKey().substring(action.deviceKey().lastIndexOf('-') + 1);
        byDevice
            .computeIfAbsent(serial, k -> new ArrayList<>())
            .add(
                "acs "
                    + action.kind()
                    + " at "
                    + action.occurredAt().toEpochMilli()
                    + " key "
                    + action.commandKey());
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public String describe() {
      return "recording";
    }

    @Override
    public void close() {}
  }
}
