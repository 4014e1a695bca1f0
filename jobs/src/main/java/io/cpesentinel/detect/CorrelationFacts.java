package io.cpesentinel.detect;

import io.cpesentinel.detect.ParameterMatcher.Match;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import io.cpesentinel.epl.AcsEventFact;
import io.cpesentinel.epl.Fact;
import io.cpesentinel.epl.FindingFact;
import io.cpesentinel.epl.InformFact;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.SubjectType;
import io.cpesentinel.schema.ValueChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the job reads and finds into facts for the correlation rules: Informs (their critical
 * values under the canonical names of the parameter catalogue, matched by the same {@link
 * ParameterMatcher} the detectors use), ACS events, and the device detectors' own alerts as
 * findings (one per changed parameter). Instance per task: the matcher memoises paths.
 */
public final class CorrelationFacts {
  static final String INFORM_INTERVAL = "acs.periodic-inform-interval";
  static final String FIRMWARE = "firmware.version";

  private final ParameterMatcher matcher;

  public CorrelationFacts(Detection detection) {
    this.matcher = new ParameterMatcher(detection.catalog().parameters());
  }

  public CorrelationFact inform(DeviceInform inform) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < inform.size(); i++) {
      values.put(inform.match(i, matcher).key(), inform.values[i]);
    }
    return CorrelationFact.newBuilder()
        .setKind(FactKind.INFORM)
        .setDeviceKey(inform.deviceKey)
        .setAt(inform.receivedAt)
        .setEventId(inform.eventId)
        .setEventCodes(List.of(inform.eventCodes))
        .setValues(values)
        .setSoftwareVersion(values.get(FIRMWARE))
        .setInformIntervalSeconds(seconds(values.get(INFORM_INTERVAL)))
        .setSourceIp(inform.sourceIp)
        .build();
  }

  public CorrelationFact acsEvent(AcsEvent event) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.ACS_EVENT)
        .setDeviceKey(event.getDeviceKey())
        .setAt(event.getOccurredAt().toEpochMilli())
        .setEventId(event.getEventId())
        .setValues(canonical(event.getParameters()))
        .setSourceIp(event.getSourceIp())
        .setAcsKind(event.getKind().name())
        .setRpcMethod(event.getRpcMethod())
        .build();
  }

  /**
   * A firing device alert as findings: one per changed parameter it lists, or one without a
   * parameter; nothing for cohort, campaign and source-address alerts or resolutions.
   */
  public static List<CorrelationFact> findings(Alert alert, long at) {
    if (alert.getSubjectType() != SubjectType.DEVICE
        || alert.getStatus() != AlertStatus.FIRING
        || alert.getEvidence().getDevices().isEmpty()) {
      return List.of();
    }
    String deviceKey = alert.getEvidence().getDevices().get(0);
    List<CorrelationFact> facts = new ArrayList<>();
    List<ValueChange> changes = alert.getEvidence().getChanges();
    if (changes.isEmpty()) {
      facts.add(finding(alert, deviceKey, at, null));
    }
    for (ValueChange change : changes) {
      facts.add(finding(alert, deviceKey, at, change));
    }
    return facts;
  }

  private static CorrelationFact finding(
      Alert alert, String deviceKey, long at, ValueChange change) {
    return CorrelationFact.newBuilder()
        .setKind(FactKind.FINDING)
        .setDeviceKey(deviceKey)
        .setAt(at)
        .setEventId(alert.getAlertId())
        .setRuleId(alert.getRuleId())
        .setSeverity(alert.getSeverity().name())
        .setParameter(change == null ? null : change.getParameter())
        .setOldValue(change == null ? null : change.getOldValue())
        .setNewValue(change == null ? null : change.getNewValue())
        .build();
  }

  /**
   * {@code fact} with only the values some running rule reads (all of them when {@code names} is
   * empty: a rule may read any); changed in place, it is the caller's.
   */
  public static CorrelationFact keepValues(CorrelationFact fact, Optional<Set<String>> names) {
    Map<String, String> values = fact.getValues();
    if (names.isEmpty() || values.isEmpty()) {
      return fact;
    }
    Set<String> read = names.get();
    if (read.isEmpty()) {
      fact.setValues(Map.of());
    } else if (!read.containsAll(values.keySet())) {
      Map<String, String> kept = new HashMap<>();
      for (String name : read) {
        String value = values.get(name);
        if (value != null) {
          kept.put(name, value);
        }
      }
      fact.setValues(kept);
    }
    return fact;
  }

  /** The engine's view of a fact. */
  public static Fact toEngine(CorrelationFact fact) {
    return switch (fact.getKind()) {
      case INFORM ->
          new InformFact(
              fact.getDeviceKey(),
              fact.getAt(),
              fact.getEventId(),
              fact.getEventCodes(),
              fact.getValues(),
              fact.getSoftwareVersion(),
              fact.getInformIntervalSeconds(),
              fact.getSourceIp());
      case ACS_EVENT ->
          new AcsEventFact(
              fact.getDeviceKey(),
              fact.getAt(),
              fact.getEventId(),
              fact.getAcsKind(),
              fact.getRpcMethod(),
              fact.getValues(),
              fact.getSourceIp());
      case FINDING ->
          new FindingFact(
              fact.getDeviceKey(),
              fact.getAt(),
              fact.getEventId(),
              fact.getRuleId(),
              fact.getSeverity(),
              fact.getParameter(),
              fact.getOldValue(),
              fact.getNewValue());
      case UNKNOWN -> throw new IllegalArgumentException("fact of unknown kind: " + fact);
    };
  }

  private Map<String, String> canonical(List<ParameterValue> parameters) {
    Map<String, String> values = new HashMap<>();
    for (ParameterValue value : parameters) {
      Match match = matcher.match(value.getName());
      if (match != null && value.getValue() != null) {
        values.put(match.key(), value.getValue());
      }
    }
    return values;
  }

  private static Long seconds(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
