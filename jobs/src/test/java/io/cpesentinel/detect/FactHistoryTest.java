package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactHistoryTest {
  static CorrelationFact inform(long at, Map<String, String> values) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.INFORM)
        .setDeviceKey("D1")
        .setAt(at)
        .setValues(values)
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

  @Test
  void informsAreStoredAsChangesAndDecodedAsFed() {
    List<CorrelationFact> fed =
        List.of(
            inform(1, Map.of("acs.url", "u", "dns.wan-server#1", "a")),
            acs(2),
            inform(3, Map.of("acs.url", "u", "dns.wan-server#1", "a")),
            inform(4, Map.of("acs.url", "u", "dns.wan-server#1", "b")),
            inform(5, Map.of("acs.url", "u")));

    List<CorrelationFact> stored = FactHistory.append(List.of(), fed, 0, 10);

    assertThat(stored.get(4).getValuesDelta()).as("the newest Inform is kept whole").isFalse();
    assertThat(stored.get(3).getValues()).isEqualTo(Map.of("dns.wan-server#1", "b"));
    assertThat(stored.get(2).getValues()).isEqualTo(Map.of("dns.wan-server#1", "a"));
    assertThat(stored.get(0).getValues()).as("same as the next Inform: nothing stored").isEmpty();
    assertThat(FactHistory.decode(stored)).isEqualTo(fed);

    List<CorrelationFact> more =
        FactHistory.append(stored, List.of(inform(6, Map.of("acs.url", "v", "x", "1"))), 0, 10);
    assertThat(more.get(4).getRemovedValues()).containsExactly("x");
    assertThat(FactHistory.decode(more).subList(0, 5)).isEqualTo(fed);
  }

  @Test
  void pruningByTimeAndCountKeepsTheRestDecodable() {
    List<CorrelationFact> fed = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      fed.add(inform(i, Map.of("acs.url", "u", "fw", i <= 3 ? "1" : "2")));
    }
    List<CorrelationFact> stored = FactHistory.append(List.of(), fed.subList(0, 4), 0, 10);

    stored = FactHistory.append(stored, fed.subList(4, 6), 2, 3);

    assertThat(stored).extracting(CorrelationFact::getAt).containsExactly(4L, 5L, 6L);
    assertThat(stored.get(2).getValuesDelta()).isFalse();
    assertThat(FactHistory.decode(stored)).isEqualTo(fed.subList(3, 6));
    assertThat(FactHistory.append(stored, List.of(), 10, 3)).isEmpty();
  }
}
