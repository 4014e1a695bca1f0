package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactHistoryTest {
  private final FactHistory histories = new FactHistory();

  static CorrelationFact inform(long at, Map<String, String> values) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.INFORM)
        .setDeviceKey("D1")
        .setAt(at)
        .setEventId("e" + at)
        .setEventCodes(List.of("2 PERIODIC"))
        .setValues(values)
        .setSoftwareVersion("V1")
        .build();
  }

  static CorrelationFact acs(long at) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.ACS_EVENT)
        .setDeviceKey("D1")
        .setAt(at)
        .setAcsKind("AUTH_FAILURE")
        .build();
  }

  private byte[] appendAll(byte[] stored, List<CorrelationFact> facts, long horizon, int max) {
    for (CorrelationFact fact : facts) {
      stored = histories.append(stored, fact, horizon, max);
    }
    return stored;
  }

  @Test
  void factsComeBackAsFedWithTheirDeviceKey() {
    List<CorrelationFact> fed =
        List.of(inform(1, Map.of("acs.url", "u")), acs(2), inform(3, Map.of()), acs(3));

    byte[] stored = appendAll(null, fed, 0, 10);

    assertThat(histories.decode(stored, "D1")).isEqualTo(fed);
    assertThat(FactHistory.newest(stored)).isEqualTo(3);
    assertThat(FactHistory.newest(null)).isEqualTo(Long.MIN_VALUE);
    assertThat(histories.decode(null, "D1")).isEmpty();
  }

  @Test
  void theOldestGoByTimeAndCountAndWhatIsLeftStaysDecodable() {
    List<CorrelationFact> fed = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      fed.add(i % 2 == 0 ? acs(i) : inform(i, Map.of("fw", String.valueOf(i))));
    }
    byte[] stored = appendAll(null, fed.subList(0, 4), 0, 10);

    stored = appendAll(stored, fed.subList(4, 6), 2, 3);

    assertThat(histories.decode(stored, "D1")).isEqualTo(fed.subList(3, 6));
    assertThat(FactHistory.prune(stored, 4))
        .satisfies(kept -> assertThat(histories.decode(kept, "D1")).isEqualTo(fed.subList(4, 6)));
    assertThat(FactHistory.prune(stored, 3)).as("nothing to drop: the same array").isSameAs(stored);
    assertThat(FactHistory.prune(stored, 6)).as("all too old").isNull();
  }

  @Test
  void appendingWritesInPlaceWhileThereIsRoom() {
    byte[] stored = null;
    int newArrays = 0;
    List<CorrelationFact> fed = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      CorrelationFact fact = i % 3 == 0 ? acs(i) : inform(i, Map.of("fw", String.valueOf(i)));
      fed.add(fact);
      byte[] next = histories.append(stored, fact, i - 50, 40);
      newArrays += next == stored ? 0 : 1;
      stored = next;
    }

    assertThat(newArrays).as("the array grows a few times, not per fact").isLessThan(12);
    assertThat(histories.decode(stored, "D1")).isEqualTo(fed.subList(160, 200));
  }

  @Test
  void aRunOfIdenticalRoutineInformsKeepsItsFirstAndItsLatest() {
    CorrelationFact boot = inform(1, Map.of("acs.url", "u"));
    boot.setEventCodes(List.of("1 BOOT"));
    List<CorrelationFact> fed =
        List.of(
            boot,
            inform(2, Map.of("acs.url", "u")),
            inform(3, Map.of("acs.url", "u")),
            inform(4, Map.of("acs.url", "u")),
            inform(5, Map.of("acs.url", "u")),
            acs(6),
            inform(7, Map.of("acs.url", "u")),
            inform(8, Map.of("acs.url", "u")),
            inform(9, Map.of("acs.url", "u2")),
            inform(10, Map.of("acs.url", "u2")),
            inform(11, Map.of("acs.url", "u2")));

    byte[] stored = appendAll(null, fed, 0, 20);

    assertThat(histories.decode(stored, "D1"))
        .as(
            "the boot is no routine Inform; of each run of the same routine Inform the first and"
                + " the latest are kept")
        .containsExactly(
            boot,
            fed.get(1),
            fed.get(4),
            fed.get(5),
            fed.get(6),
            fed.get(7),
            fed.get(8),
            fed.get(10));
  }

  @Test
  void routineInformsThatDifferInAnythingButTimeAndIdAreAllKept() {
    CorrelationFact otherVersion = inform(2, Map.of());
    otherVersion.setSoftwareVersion("V2");
    CorrelationFact otherAddress = inform(3, Map.of());
    otherAddress.setSourceIp("192.0.2.7");
    List<CorrelationFact> fed =
        List.of(inform(1, Map.of()), otherVersion, otherAddress, inform(4, Map.of("fw", "1")));

    assertThat(histories.decode(appendAll(null, fed, 0, 10), "D1")).isEqualTo(fed);
  }

  @Test
  void aHistoryOfEarlierVersionsDecodesWithItsDeltaCodedValues() {
    CorrelationFact newest = inform(3, Map.of("acs.url", "u", "dns.wan-server#1", "b"));
    CorrelationFact older =
        CorrelationFact.newBuilder(inform(1, Map.of("dns.wan-server#1", "a", "x", "1")))
            .setValuesDelta(true)
            .setRemovedValues(List.of("acs.url"))
            .build();

    List<CorrelationFact> decoded = FactHistory.decodeDeltaCoded(List.of(older, acs(2), newest));

    assertThat(decoded.get(0).getValues()).isEqualTo(Map.of("dns.wan-server#1", "a", "x", "1"));
    assertThat(decoded.get(0).getValuesDelta()).isFalse();
    assertThat(decoded.subList(1, 3)).containsExactly(acs(2), newest);
  }
}
