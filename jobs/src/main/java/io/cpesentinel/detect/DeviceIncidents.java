package io.cpesentinel.detect;

import io.cpesentinel.detect.state.ChangeRecord;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.detect.state.OpenIncident;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import io.cpesentinel.schema.ValueChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One incident per (rule, key) for a device: the first finding opens it and emits FIRING, later
 * findings within the suppression interval update the same alert id, and it ends either when the
 * interval passes without news (event-like rules) or with RESOLVED when its condition clears
 * (state-like rules such as posture findings).
 */
final class DeviceIncidents {
  static final int MAX_CHANGES = 20;

  private final String ruleVersion;
  private final long suppressionMillis;

  DeviceIncidents(String ruleVersion, long suppressionMillis) {
    this.ruleVersion = ruleVersion;
    this.suppressionMillis = suppressionMillis;
  }

  /** What an alert says besides its identity and window. */
  record Finding(
      String ruleId,
      String incidentKey,
      Severity severity,
      String title,
      String description,
      String recommendedAction,
      boolean resolvable,
      List<ChangeRecord> changes,
      Map<String, Long> counts,
      List<String> eventIds) {}

  /** Opens or updates the incident of {@code finding}; emits the alert to send. */
  Alert fire(DeviceState state, Finding finding, long at) {
    String mapKey = finding.ruleId() + "|" + finding.incidentKey();
    OpenIncident incident = state.getIncidents().get(mapKey);
    if (incident == null
        || (!incident.getResolvable() && incident.getLastSeen() + suppressionMillis <= at)) {
      incident =
          OpenIncident.newBuilder()
              .setAlertId(AlertIds.of(finding.ruleId(), subjectKey(state, finding), at))
              .setRuleId(finding.ruleId())
              .setWindowStart(at)
              .setLastSeen(at)
              .setResolvable(finding.resolvable())
              .setChanges(new ArrayList<>())
              .build();
      state.getIncidents().put(mapKey, incident);
    }
    incident.setLastSeen(Math.max(incident.getLastSeen(), at));
    List<ChangeRecord> changes = incident.getChanges();
    for (ChangeRecord change : finding.changes()) {
      if (changes.size() < MAX_CHANGES) {
        changes.add(change);
      }
    }
    return alert(state, finding, incident, AlertStatus.FIRING);
  }

  /** Ends the incident of {@code finding} with RESOLVED; null when none is open. */
  Alert resolve(DeviceState state, Finding finding, long at) {
    OpenIncident incident =
        state.getIncidents().remove(finding.ruleId() + "|" + finding.incidentKey());
    if (incident == null) {
      return null;
    }
    incident.setLastSeen(Math.max(incident.getLastSeen(), at));
    return alert(state, finding, incident, AlertStatus.RESOLVED);
  }

  /** Forgets event-like incidents whose suppression interval has passed. */
  void expire(DeviceState state, long now) {
    Iterator<OpenIncident> it = state.getIncidents().values().iterator();
    while (it.hasNext()) {
      OpenIncident incident = it.next();
      if (!incident.getResolvable() && incident.getLastSeen() + suppressionMillis <= now) {
        it.remove();
      }
    }
  }

  /** When the next event-like incident can be forgotten, or Long.MAX_VALUE. */
  long nextExpiry(DeviceState state) {
    long next = Long.MAX_VALUE;
    for (OpenIncident incident : state.getIncidents().values()) {
      if (!incident.getResolvable()) {
        next = Math.min(next, incident.getLastSeen() + suppressionMillis);
      }
    }
    return next;
  }

  private Alert alert(
      DeviceState state, Finding finding, OpenIncident incident, AlertStatus status) {
    List<ValueChange> changes = new ArrayList<>();
    for (ChangeRecord change : incident.getChanges()) {
      changes.add(
          ValueChange.newBuilder()
              .setParameter(change.getParameter())
              .setPath(change.getPath())
              .setOldValue(change.getOldValue())
              .setNewValue(change.getNewValue())
              .build());
    }
    List<String> eventIds = new ArrayList<>(finding.eventIds());
    for (ChangeRecord change : incident.getChanges()) {
      if (!change.getEventId().isEmpty() && !eventIds.contains(change.getEventId())) {
        eventIds.add(change.getEventId());
      }
    }
    return Alert.newBuilder()
        .setAlertId(incident.getAlertId())
        .setRuleId(finding.ruleId())
        .setRuleVersion(ruleVersion)
        .setStatus(status)
        .setSeverity(finding.severity())
        .setTitle(finding.title())
        .setDescription(finding.description())
        .setSubjectType(SubjectType.DEVICE)
        .setSubjectKey(subjectKey(state, finding))
        .setDeviceId(deviceId(state))
        .setWindowStart(Instant.ofEpochMilli(incident.getWindowStart()))
        .setWindowEnd(Instant.ofEpochMilli(incident.getLastSeen()))
        .setFirstSeen(Instant.ofEpochMilli(incident.getWindowStart()))
        .setLastSeen(Instant.ofEpochMilli(incident.getLastSeen()))
        .setEvidence(
            Evidence.newBuilder()
                .setCounts(finding.counts())
                .setChanges(changes)
                .setEventIds(eventIds)
                .setDevices(List.of(state.getDeviceKey()))
                .build())
        .setRecommendedAction(finding.recommendedAction())
        .build();
  }

  private static String subjectKey(DeviceState state, Finding finding) {
    return finding.incidentKey().isEmpty()
        ? state.getDeviceKey()
        : state.getDeviceKey() + "#" + finding.incidentKey();
  }

  private static DeviceId deviceId(DeviceState state) {
    if (state.getOui() == null) {
      return null;
    }
    return DeviceId.newBuilder()
        .setManufacturer(state.getManufacturer() == null ? "" : state.getManufacturer())
        .setOui(state.getOui())
        .setProductClass(state.getProductClass() == null ? "" : state.getProductClass())
        .setSerialNumber(state.getSerialNumber() == null ? "" : state.getSerialNumber())
        .build();
  }
}
