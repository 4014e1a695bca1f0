package io.cpesentinel.detect;

import io.cpesentinel.epl.RuleOutput;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A correlation rule's output as the same {@link Alert} every detector sends: rule id and version
 * from the module, a deterministic id from rule, device and the event time it fired at (so the
 * replay after a restore, or of the same input, gives the same id), the selected columns as
 * evidence details.
 */
public final class CorrelationAlerts {
  private CorrelationAlerts() {}

  public static Alert toAlert(RuleOutput output) {
    Instant at = Instant.ofEpochMilli(output.at());
    String ruleId = output.rule().ruleId();
    return Alert.newBuilder()
        .setAlertId(AlertIds.of(ruleId, output.deviceKey(), output.at()))
        .setRuleId(ruleId)
        .setRuleVersion(output.rule().version())
        .setStatus(AlertStatus.FIRING)
        .setSeverity(Severity.valueOf(output.rule().severity()))
        .setTitle(output.rule().title())
        .setDescription(output.rule().description())
        .setSubjectType(SubjectType.DEVICE)
        .setSubjectKey(output.deviceKey())
        .setWindowStart(at)
        .setWindowEnd(at)
        .setFirstSeen(at)
        .setLastSeen(at)
        .setEvidence(
            Evidence.newBuilder()
                .setEventIds(List.copyOf(output.eventIds()))
                .setDevices(List.of(output.deviceKey()))
                .setDetails(Map.copyOf(output.details()))
                .build())
        .setQuarantineEligible(output.rule().quarantineEligible())
        .setTags(List.of("correlation"))
        .build();
  }
}
