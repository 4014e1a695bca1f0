package io.cpesentinel.delivery.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.config.SecretRef;
import io.cpesentinel.delivery.config.PagerDutyRoute;
import io.cpesentinel.delivery.testing.Alerts;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagerDutyRouterTest {
  private final PagerDutyRouter router =
      new PagerDutyRouter(
          List.of(
              new PagerDutyRoute(
                  "noc", SecretRef.fromEnv("A"), List.of("mass-reboot"), Severity.MEDIUM),
              new PagerDutyRoute("soc-critical", SecretRef.fromEnv("B"), null, Severity.CRITICAL),
              new PagerDutyRoute("soc", SecretRef.fromEnv("C"), null, Severity.HIGH)));

  @Test
  void aFiringAlertGoesToTheFirstRouteWhoseRuleAndSeverityMatch() {
    assertThat(router.routesFor(Alerts.acsHijack("a", "S").build()))
        .containsExactly("soc-critical");
    assertThat(router.routesFor(Alerts.acsHijack("a", "S").setSeverity(Severity.HIGH).build()))
        .containsExactly("soc");
    assertThat(
            router.routesFor(
                Alerts.acsHijack("a", "S")
                    .setRuleId("mass-reboot")
                    .setSeverity(Severity.MEDIUM)
                    .build()))
        .containsExactly("noc");
  }

  @Test
  void belowEveryMinimumNothingIsPaged() {
    assertThat(router.routesFor(Alerts.acsHijack("a", "S").setSeverity(Severity.LOW).build()))
        .isEmpty();
  }

  @Test
  void aResolutionGoesToEveryRouteThatTakesTheRuleWhateverTheSeverity() {
    Alert resolved =
        Alerts.acsHijack("a", "S")
            .setStatus(AlertStatus.RESOLVED)
            .setSeverity(Severity.LOW)
            .build();

    assertThat(router.routesFor(resolved)).containsExactly("soc-critical", "soc");
  }
}
