package io.cpesentinel.detect;

import io.cpesentinel.detect.state.BurstState;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.AlertStatus;
import io.cpesentinel.schema.Evidence;
import io.cpesentinel.schema.Severity;
import io.cpesentinel.schema.SubjectType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * "Many distinct members under one key within a window", in plain Java: devices failing
 * authentication from one source address (credential stuffing), or devices adopting the same new
 * DNS resolver or ACS URL (a GhostDNS-style campaign). One alert per incident, sent again each time
 * the number of members doubles, so the device list stays current without flooding.
 */
public final class DistinctBurst {
  static final int MAX_EVIDENCE_MEMBERS = 100;

  /** What the alert says; {@code titleFormat} gets the member count and the key. */
  public record Rule(
      String ruleId,
      SubjectType subjectType,
      Severity severity,
      String titleFormat,
      String description,
      String recommendedAction)
      implements java.io.Serializable {}

  private final Rule rule;
  private final String ruleVersion;
  private final int threshold;
  private final long within;
  private final long suppression;

  public DistinctBurst(
      Rule rule, String ruleVersion, int threshold, Duration within, Duration suppression) {
    this.rule = rule;
    this.ruleVersion = ruleVersion;
    this.threshold = threshold;
    this.within = within.toMillis();
    this.suppression = suppression.toMillis();
  }

  /** The rule of failed authentications for many devices from one address. */
  public static Rule sourceIpRule() {
    return new Rule(
        "auth-burst-source-ip",
        SubjectType.SOURCE_IP,
        Severity.HIGH,
        "Failed authentications for %d devices from one address (%s)",
        "One source address failed CWMP authentication as many different devices: credential"
            + " stuffing against the ACS, or a spoofing proxy.",
        "Block or rate-limit the address at the ACS edge; check whether any of its devices later"
            + " authenticated successfully.");
  }

  /** The rule of one new, non-allowlisted value adopted by many devices. */
  public static Rule spreadRule() {
    return new Rule(
        "fleet-spread",
        SubjectType.CAMPAIGN,
        Severity.CRITICAL,
        "Campaign: %d devices adopted %s without an ACS task",
        "The same new value of a critical setting appeared on many devices with no ACS task"
            + " behind it: a DNS-changer or ACS-hijack campaign.",
        "Block the value (resolver or ACS host) at the network edge, restore the ISP's value on"
            + " the listed devices, and look for the entry point they share.");
  }

  public static BurstState newState() {
    return BurstState.newBuilder().build();
  }

  /** Records {@code member}; returns the alert to send, or null. */
  public Alert onMember(BurstState state, String key, String member, long at) {
    prune(state, at);
    state.getMembers().merge(member, at, Math::max);
    int count = state.getMembers().size();
    if (count < threshold) {
      return null;
    }
    if (state.getAlertId() == null || state.getLastFired() + suppression <= at) {
      state.setAlertId(AlertIds.of(rule.ruleId(), key, at));
      state.setIncidentStart(at);
      state.setLastCount(0);
    } else if (count < 2 * state.getLastCount()) {
      state.setLastFired(at);
      return null;
    }
    state.setLastFired(at);
    state.setLastCount(count);
    return alert(state, key, at);
  }

  /** Forgets members older than the window; returns false when the state can go. */
  public boolean onTimer(BurstState state, long now) {
    prune(state, now);
    if (state.getAlertId() != null && state.getLastFired() + suppression <= now) {
      state.setAlertId(null);
    }
    return !state.getMembers().isEmpty() || state.getAlertId() != null;
  }

  /** When {@link #onTimer} has work: the oldest member's expiry or the incident's end. */
  public long nextTimer(BurstState state) {
    long next = Long.MAX_VALUE;
    for (long seen : state.getMembers().values()) {
      next = Math.min(next, seen + within);
    }
    if (state.getAlertId() != null) {
      next = Math.min(next, state.getLastFired() + suppression);
    }
    return next;
  }

  private void prune(BurstState state, long now) {
    state.getMembers().values().removeIf(seen -> seen + within <= now);
  }

  private Alert alert(BurstState state, String key, long at) {
    List<String> members =
        state.getMembers().entrySet().stream()
            .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
            .limit(MAX_EVIDENCE_MEMBERS)
            .map(Map.Entry::getKey)
            .toList();
    long first = state.getMembers().values().stream().mapToLong(Long::longValue).min().orElse(at);
    return Alert.newBuilder()
        .setAlertId(state.getAlertId())
        .setRuleId(rule.ruleId())
        .setRuleVersion(ruleVersion)
        .setStatus(AlertStatus.FIRING)
        .setSeverity(rule.severity())
        .setTitle(String.format(rule.titleFormat(), state.getMembers().size(), key))
        .setDescription(rule.description())
        .setSubjectType(rule.subjectType())
        .setSubjectKey(key)
        .setWindowStart(Instant.ofEpochMilli(state.getIncidentStart()))
        .setWindowEnd(Instant.ofEpochMilli(at))
        .setFirstSeen(Instant.ofEpochMilli(Math.min(first, state.getIncidentStart())))
        .setLastSeen(Instant.ofEpochMilli(at))
        .setEvidence(
            Evidence.newBuilder()
                .setCounts(Map.of("devices", (long) state.getMembers().size()))
                .setDevices(members)
                .build())
        .setRecommendedAction(rule.recommendedAction())
        .build();
  }
}
