package io.cpesentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.state.BurstState;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.SubjectType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctBurstTest {
  private static final long T0 = Fixtures.T0;
  private static final long MINUTE = 60_000;

  private final DistinctBurst campaign =
      new DistinctBurst(
          DistinctBurst.spreadRule(), "1", 10, Duration.ofHours(6), Duration.ofHours(1));
  private final BurstState state = DistinctBurst.newState();
  private final List<Alert> alerts = new ArrayList<>();

  @Test
  void tenDevicesAdoptingOneResolverAreOneCampaignListingThem() {
    adopt(0, 9);
    assertThat(alerts).isEmpty();

    adopt(9, 10);
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.getRuleId()).isEqualTo("fleet-spread");
    assertThat(alert.getSubjectType()).isEqualTo(SubjectType.CAMPAIGN);
    assertThat(alert.getSubjectKey()).isEqualTo("dns.wan-server=203.0.113.66");
    assertThat(alert.getEvidence().getDevices()).hasSize(10).startsWith("dev-0");
  }

  @Test
  void theAlertIsSentAgainOnlyWhenTheCampaignDoublesUnderTheSameId() {
    adopt(0, 40);

    assertThat(alerts)
        .extracting(a -> a.getEvidence().getDevices().size())
        .containsExactly(10, 20, 40);
    assertThat(alerts).extracting(Alert::getAlertId).containsOnly(alerts.get(0).getAlertId());
  }

  @Test
  void adoptionsSpreadWiderThanTheWindowAreNoCampaign() {
    for (int d = 0; d < 20; d++) {
      campaign.onMember(state, "dns.wan-server=203.0.113.66", "dev-" + d, T0 + d * 60 * MINUTE);
    }
    assertThat(
            campaign.onMember(state, "dns.wan-server=203.0.113.66", "dev-x", T0 + 20 * 60 * MINUTE))
        .isNull();
    assertThat(state.getMembers()).hasSizeLessThan(10);
  }

  @Test
  void stateEmptiesWhenMembersAgeOutAndTheIncidentEnds() {
    adopt(0, 10);
    long next = campaign.nextTimer(state);
    assertThat(campaign.onTimer(state, next)).isTrue();
    assertThat(campaign.onTimer(state, T0 + Duration.ofHours(7).toMillis())).isFalse();
  }

  private void adopt(int from, int to) {
    for (int d = from; d < to; d++) {
      Alert alert =
          campaign.onMember(state, "dns.wan-server=203.0.113.66", "dev-" + d, T0 + d * MINUTE);
      if (alert != null) {
        alerts.add(alert);
      }
    }
  }
}
