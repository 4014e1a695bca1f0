package io.cpesentinel.detect;

import io.cpesentinel.detect.DeviceIncidents.Finding;
import io.cpesentinel.detect.ParameterMatcher.Match;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.config.DetectionConfig;
import io.cpesentinel.detect.config.ParameterCatalog.CriticalParameter;
import io.cpesentinel.detect.config.ParameterCatalog.PostureRule;
import io.cpesentinel.detect.state.AcsTask;
import io.cpesentinel.detect.state.ChangeRecord;
import io.cpesentinel.detect.state.DeviceClock;
import io.cpesentinel.detect.state.DeviceState;
import io.cpesentinel.detect.state.PendingChange;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.schema.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The per-device detectors, as plain Java over one device's {@link DeviceState}: unsolicited
 * critical-parameter changes (ACS tasks explain changes; an unexplained one waits a grace period
 * for a late ACS event), posture findings, reboot loops, failed-authentication bursts, and "gone
 * dark" after an unsolicited ACS URL change. Times are event times given by the caller; the caller
 * also owns timers: after every call it schedules {@link #nextTimer}.
 */
public final class DeviceDetector {
  static final String RULE_CRITICAL_CHANGE = "critical-parameter-change";
  static final String RULE_REBOOT_LOOP = "reboot-loop";
  static final String RULE_AUTH_BURST = "auth-burst-device";
  static final String RULE_GONE_DARK = "acs-hijack-gone-dark";
  static final int MAX_ACS_TASKS = 32;

  private static final String ACS_URL = "acs.url";
  private static final String INFORM_INTERVAL = "acs.periodic-inform-interval";
  private static final String FIRMWARE = "firmware.version";

  /**
   * The event codes {@link #onInform} acts on whatever the values: an Inform carrying one is never
   * a repeat ({@link #onRepeatedInform}).
   */
  private static final String BOOT = "1 BOOT";

  private static final String BOOTSTRAP = "0 BOOTSTRAP";

  private final DetectionConfig config;
  private final ParameterMatcher matcher;
  private final List<PostureRule> posture;

  /** Per posture rule id: the canonical parameter names it tests and their patterns. */
  private final Map<String, Map<String, Pattern>> postureRegex = new HashMap<>();

  private final Map<String, Set<String>> allowlists = new HashMap<>();
  private final DeviceIncidents incidents;
  private final CohortKeys cohorts;
  private final StringPool pool = new StringPool(100_000);

  public DeviceDetector(Detection detection) {
    this.config = detection.config();
    this.matcher = new ParameterMatcher(detection.catalog().parameters());
    this.posture = detection.catalog().posture();
    for (PostureRule rule : posture) {
      Map<String, Pattern> conditions = new HashMap<>();
      rule.when().forEach((name, regex) -> conditions.put(name, Pattern.compile(regex)));
      postureRegex.put(rule.id(), conditions);
    }
    for (CriticalParameter parameter : detection.catalog().parameters()) {
      if (parameter.allowlist() != null) {
        allowlists.put(parameter.name(), config.allowlist(parameter.allowlist()));
      }
    }
    this.incidents = new DeviceIncidents(config.version(), config.suppression().toMillis());
    this.cohorts = new CohortKeys(config.cohort().dimensions(), config.addressPlan());
  }

  /** A fresh state for a device seen for the first time. */
  public static DeviceState newState(String deviceKey) {
    return DeviceState.newBuilder().setDeviceKey(deviceKey).build();
  }

  /**
   * Handles an Inform that repeats the device's last one (same {@link InformDigest} as {@code
   * clock}'s, no boot) while the device is active in its cohort: {@link #onInform} would find no
   * value changed, the cohort unchanged and nothing to evaluate, and only move the device's times,
   * which live in the clock. Returns false when the caller must run {@link #onInform} on the whole
   * state instead.
   */
  public boolean onRepeatedInform(DeviceClock clock, DeviceInform inform, long digest, long at) {
    if (digest == 0
        || digest != clock.getInformDigest()
        || !clock.getActive()
        || inform.hasEvent(BOOT)
        || inform.hasEvent(BOOTSTRAP)) {
      return false;
    }
    clock.setLastInformAt(Math.max(clock.getLastInformAt(), at));
    clock.setLastEventAt(Math.max(clock.getLastEventAt(), at));
    return true;
  }

  public void onInform(DeviceState state, DeviceInform inform, long at, DetectionOutput out) {
    mutable(state);
    rememberIdentity(state, inform);
    state.setLastInformAt(Math.max(state.getLastInformAt(), at));
    state.setLastEventAt(Math.max(state.getLastEventAt(), at));

    Set<String> changed = applyValues(state, inform, at, out);
    updateCohort(state, inform, at, out);
    if (inform.hasEvent(BOOT)) {
      onBoot(state, inform, at, out);
    }
    if (inform.hasEvent(BOOTSTRAP) && state.getAcsUrlChangedAt() != null) {
      state.setBootstrapAfterUrlChange(true);
    }
    evaluatePosture(state, changed, at, out);
    compact(state);
  }

  public void onAcsEvent(DeviceState state, AcsEvent event, long at, DetectionOutput out) {
    mutable(state);
    state.setLastEventAt(Math.max(state.getLastEventAt(), at));
    AcsEventKind kind = event.getKind();
    switch (kind) {
      case AUTH_FAILURE -> onAuthFailure(state, event, at, out);
      case SET_PARAMETER_VALUES, ADD_OBJECT, DELETE_OBJECT, DOWNLOAD, REBOOT, FACTORY_RESET ->
          rememberTask(state, event, at);
      default -> {
        // Other kinds matter to correlation rules, not to these detectors.
      }
    }
    compact(state);
  }

  /** Runs whatever is due at {@code now}; returns false when the device's state can go. */
  public boolean onTimer(DeviceState state, long now, DetectionOutput out) {
    mutable(state);
    alertDueChanges(state, now, out);
    checkGoneDark(state, now, out);
    if (state.getCohortKey() != null
        && state.getLastInformAt() + config.cohort().activeHorizon().toMillis() <= now) {
      out.cohortSignal(
          new CohortSignal(
              state.getCohortKey(), CohortSignal.Kind.INACTIVE, now, state.getDeviceKey()));
      state.setCohortKey(null);
    }
    incidents.expire(state, now);
    compact(state);
    return state.getLastEventAt() + config.deviceStateTtl().toMillis() > now;
  }

  /**
   * True when {@link #onTimer} at {@code now} would find nothing due and no cohort to leave, only
   * the device's state expired: the caller can drop the state without reading it.
   */
  public boolean forgetsQuietly(DeviceClock clock, long now) {
    return !clock.getActive()
        && clock.getStateDueAt() > now
        && clock.getLastEventAt() + config.deviceStateTtl().toMillis() <= now;
  }

  /** The earliest time {@link #onTimer} has work to do. */
  public long nextTimer(DeviceState state) {
    return nextTimer(clockOf(state, 0));
  }

  /**
   * The earliest time {@link #onTimer} may have work to do, from the clock alone: expiry, the end
   * of cohort activity, or whatever the whole state has due. Before it, a timer that fires only
   * needs re-arming.
   */
  public long nextTimer(DeviceClock clock) {
    long next =
        Math.min(
            clock.getLastEventAt() + config.deviceStateTtl().toMillis(), clock.getStateDueAt());
    if (clock.getActive()) {
      next = Math.min(next, clock.getLastInformAt() + config.cohort().activeHorizon().toMillis());
    }
    return next;
  }

  /**
   * The clock of {@code state} as it stands, with {@code informDigest} the digest of the last
   * Inform applied to it.
   */
  public DeviceClock clockOf(DeviceState state, long informDigest) {
    long due = incidents.nextExpiry(state);
    for (PendingChange change : state.getPendingChanges()) {
      due = Math.min(due, change.getDeadline());
    }
    if (state.getAcsUrlChangedAt() != null) {
      // Later Informs only move this later: as a due time it stays a lower bound.
      due = Math.min(due, goneDarkAt(state));
    }
    return DeviceClock.newBuilder()
        .setLastInformAt(state.getLastInformAt())
        .setLastEventAt(state.getLastEventAt())
        .setTimerAt(state.getTimerAt())
        .setActive(state.getCohortKey() != null)
        .setStateDueAt(due)
        .setInformDigest(informDigest)
        .build();
  }

  /** Brings the copies of the clock's times in {@code state} up to date. */
  public static void applyClock(DeviceClock clock, DeviceState state) {
    state.setLastInformAt(clock.getLastInformAt());
    state.setLastEventAt(clock.getLastEventAt());
    state.setTimerAt(clock.getTimerAt());
  }

  /**
   * Avro hands out its own list type for arrays (fresh defaults and state read back from a
   * checkpoint alike), which cannot remove while iterating; the detectors work on ArrayLists.
   */
  private static void mutable(DeviceState state) {
    if (!(state.getAcsTasks() instanceof ArrayList)) {
      state.setAcsTasks(new ArrayList<>(state.getAcsTasks()));
    }
    if (!(state.getPendingChanges() instanceof ArrayList)) {
      state.setPendingChanges(new ArrayList<>(state.getPendingChanges()));
    }
    if (!(state.getOpenPosture() instanceof ArrayList)) {
      state.setOpenPosture(new ArrayList<>(state.getOpenPosture()));
    }
    if (!(state.getBoots() instanceof ArrayList)) {
      state.setBoots(new ArrayList<>(state.getBoots()));
    }
    if (!(state.getAuthFailures() instanceof ArrayList)) {
      state.setAuthFailures(new ArrayList<>(state.getAuthFailures()));
    }
    if (!(state.getIncidents() instanceof HashMap)) {
      state.setIncidents(new HashMap<>(state.getIncidents()));
    }
    for (var incident : state.getIncidents().values()) {
      if (!(incident.getChanges() instanceof ArrayList)) {
        incident.setChanges(new ArrayList<>(incident.getChanges()));
      }
    }
  }

  /**
   * Undoes what {@link #mutable} costs between events: empty collections become one shared
   * immutable empty, the value list drops its growth slack. Most devices have nothing pending, so
   * this halves the heap of a quiet device (measured with {@code jobs/bench/device-state-heap}).
   */
  private static void compact(DeviceState state) {
    if (state.getAcsTasks().isEmpty()) {
      state.setAcsTasks(List.of());
    }
    if (state.getPendingChanges().isEmpty()) {
      state.setPendingChanges(List.of());
    }
    if (state.getOpenPosture().isEmpty()) {
      state.setOpenPosture(List.of());
    }
    if (state.getBoots().isEmpty()) {
      state.setBoots(List.of());
    }
    if (state.getAuthFailures().isEmpty()) {
      state.setAuthFailures(List.of());
    }
    if (state.getIncidents().isEmpty()) {
      state.setIncidents(Map.of());
    }
    if (state.getValues() instanceof ArrayList<String> values) {
      values.trimToSize();
    }
  }

  // --- critical parameters -----------------------------------------------------------

  /**
   * Records every critical value; returns the names of the parameters that changed or were seen for
   * the first time (nothing else can change a posture finding).
   */
  private Set<String> applyValues(
      DeviceState state, DeviceInform inform, long at, DetectionOutput out) {
    Set<String> changed = new HashSet<>();
    String parameterKey = null;
    Match[] matches = new Match[inform.size()];
    for (int i = 0; i < matches.length; i++) {
      matches[i] = inform.match(i, matcher);
      if (matches[i].parameter().name().equals("acs.parameter-key")) {
        parameterKey = inform.values[i];
      }
    }
    for (int i = 0; i < matches.length; i++) {
      Match match = matches[i];
      String value = inform.values[i];
      CriticalParameter parameter = match.parameter();
      String old = CriticalValues.put(state, match.key(), value, pool, i);
      if (old != null && old.equals(value)) {
        continue;
      }
      changed.add(parameter.name());
      if (parameter.name().equals(INFORM_INTERVAL)) {
        rememberInformInterval(state, value);
      }
      if (old == null || !parameter.alert()) {
        continue;
      }
      String path = inform.path(i, matcher);
      if (isExpected(state, parameter, path, value, parameterKey, inform, at)) {
        continue;
      }
      state
          .getPendingChanges()
          .add(
              PendingChange.newBuilder()
                  .setDeadline(at + config.changes().grace().toMillis())
                  .setAt(at)
                  .setKey(match.key())
                  .setPath(path)
                  .setOldValue(old)
                  .setNewValue(value)
                  .setEventId(inform.eventId)
                  .build());
    }
    return changed;
  }

  private boolean isExpected(
      DeviceState state,
      CriticalParameter parameter,
      String path,
      String value,
      String parameterKey,
      DeviceInform inform,
      long at) {
    Set<String> allowed = allowlists.get(parameter.name());
    if (allowed != null && allowed.contains(value)) {
      return true;
    }
    if (parameter.explainedBy().contains(AcsEventKind.DOWNLOAD) && reportsDownload(inform)) {
      return true;
    }
    return explainingTask(state, parameter, path, value, parameterKey, at) != null;
  }

  /** "7 TRANSFER COMPLETE" with "M Download": the CPE reports a completed ACS download. */
  private static boolean reportsDownload(DeviceInform inform) {
    return inform.hasEvent("7 TRANSFER COMPLETE")
        && (inform.hasEvent("M Download") || inform.hasEvent("M ScheduleDownload"));
  }

  /**
   * The ACS task within its TTL of {@code at} that explains a change of {@code path} to {@code
   * value}: a SetParameterValues of that path and value, a SetParameterValues whose ParameterKey
   * the device now reports, a firmware Download, or a FactoryReset — as the parameter allows.
   */
  private AcsTask explainingTask(
      DeviceState state,
      CriticalParameter parameter,
      String path,
      String value,
      String parameterKey,
      long at) {
    long ttl = config.changes().acsTaskTtl().toMillis();
    for (AcsTask task : state.getAcsTasks()) {
      if (Math.abs(at - task.getAt()) > ttl) {
        continue;
      }
      AcsEventKind kind = AcsEventKind.valueOf(task.getKind());
      if (!parameter.explainedBy().contains(kind)) {
        continue;
      }
      boolean explains =
          switch (kind) {
            case SET_PARAMETER_VALUES ->
                value.equals(task.getValues().get(path))
                    || (task.getCommandKey() != null
                        && !task.getCommandKey().isEmpty()
                        && (task.getCommandKey().equals(parameterKey)
                            || (parameter.name().equals("acs.parameter-key")
                                && task.getCommandKey().equals(value))));
            case DOWNLOAD, FACTORY_RESET -> true;
            default -> false;
          };
      if (explains) {
        return task;
      }
    }
    return null;
  }

  private void rememberTask(DeviceState state, AcsEvent event, long at) {
    Map<String, String> values = new HashMap<>();
    for (ParameterValue value : event.getParameters()) {
      values.put(value.getName(), value.getValue());
    }
    List<AcsTask> tasks = state.getAcsTasks();
    long ttl = config.changes().acsTaskTtl().toMillis();
    tasks.removeIf(task -> task.getAt() + ttl < at);
    if (tasks.size() >= MAX_ACS_TASKS) {
      tasks.remove(0);
    }
    AcsTask task =
        AcsTask.newBuilder()
            .setAt(at)
            .setKind(event.getKind().name())
            .setCommandKey(event.getCommandKey())
            .setValues(values)
            .build();
    tasks.add(task);
    // A late ACS event explains changes still waiting for one.
    String parameterKey = CriticalValues.get(state, "acs.parameter-key");
    state
        .getPendingChanges()
        .removeIf(
            change -> {
              Match match = matcher.match(change.getPath());
              return match != null
                  && explainingTask(
                          state,
                          match.parameter(),
                          change.getPath(),
                          change.getNewValue(),
                          parameterKey,
                          change.getAt())
                      != null;
            });
  }

  private void alertDueChanges(DeviceState state, long now, DetectionOutput out) {
    List<ChangeRecord> due = new ArrayList<>();
    Severity severity = null;
    long at = now;
    Iterator<PendingChange> it = state.getPendingChanges().iterator();
    while (it.hasNext()) {
      PendingChange change = it.next();
      if (change.getDeadline() > now) {
        continue;
      }
      it.remove();
      Match match = matcher.match(change.getPath());
      if (match == null) {
        continue;
      }
      due.add(
          ChangeRecord.newBuilder()
              .setParameter(match.parameter().name())
              .setPath(change.getPath())
              .setOldValue(change.getOldValue())
              .setNewValue(change.getNewValue())
              .setEventId(change.getEventId())
              .build());
      severity = max(severity, match.parameter().severity());
      if (match.parameter().spread()) {
        out.adoption(
            new Observation(
                match.parameter().name() + "=" + change.getNewValue(),
                state.getDeviceKey(),
                change.getAt()));
      }
      at = Math.min(at, change.getAt());
      if (match.parameter().name().equals(ACS_URL)) {
        state.setAcsUrlChangedAt(change.getAt());
        state.setBootstrapAfterUrlChange(false);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    List<String> names = due.stream().map(ChangeRecord::getParameter).distinct().toList();
    out.alert(
        incidents.fire(
            state,
            new Finding(
                RULE_CRITICAL_CHANGE,
                "",
                severity,
                "Unsolicited change of " + String.join(", ", names),
                "Critical settings changed with no ACS task behind them (no matching"
                    + " SetParameterValues, Download or FactoryReset).",
                "Compare with the device's ACS history; if no operator made the change, restore"
                    + " the values and consider quarantining the device.",
                false,
                due,
                Map.of("changes", (long) due.size()),
                List.of()),
            at));
  }

  // --- gone dark after an ACS URL change -----------------------------------------------

  private long goneDarkAt(DeviceState state) {
    long interval =
        state.getInformIntervalMs() > 0
            ? state.getInformIntervalMs()
            : config.silence().defaultInformInterval().toMillis();
    return Math.max(state.getLastInformAt(), state.getAcsUrlChangedAt())
        + config.silence().informIntervals() * interval;
  }

  private void checkGoneDark(DeviceState state, long now, DetectionOutput out) {
    if (state.getAcsUrlChangedAt() == null || goneDarkAt(state) > now) {
      return;
    }
    boolean bootstrap = state.getBootstrapAfterUrlChange();
    String newUrl = CriticalValues.get(state, ACS_URL);
    out.alert(
        incidents.fire(
            state,
            new Finding(
                RULE_GONE_DARK,
                "",
                Severity.CRITICAL,
                "Device hijacked: ACS URL changed"
                    + (bootstrap ? ", then 0 BOOTSTRAP," : "")
                    + " then no Inform for "
                    + config.silence().informIntervals()
                    + " inform intervals",
                "The management URL was changed without an ACS task and the device stopped"
                    + " informing this ACS: it is likely managed by another ACS now.",
                "Treat as compromised: contact the customer, factory-reset and re-provision the"
                    + " device over HTTPS.",
                false,
                List.of(
                    ChangeRecord.newBuilder()
                        .setParameter(ACS_URL)
                        .setPath(ACS_URL)
                        .setNewValue(newUrl)
                        .build()),
                Map.of("silentMillis", now - state.getLastInformAt()),
                List.of()),
            state.getAcsUrlChangedAt()));
    state.setAcsUrlChangedAt(null);
  }

  // --- boots ---------------------------------------------------------------------

  private void onBoot(DeviceState state, DeviceInform inform, long at, DetectionOutput out) {
    long window = config.rebootLoop().within().toMillis();
    List<Long> boots = state.getBoots();
    boots.removeIf(t -> t <= at - window);
    boots.add(at);
    while (boots.size() > config.rebootLoop().boots()) {
      boots.remove(0);
    }
    // A boot the ACS caused: a Reboot RPC, a factory reset, or a firmware download it sent.
    boolean ordered =
        inform.hasEvent("M Reboot")
            || inform.hasEvent(BOOTSTRAP)
            || inform.hasEvent("M Download")
            || inform.hasEvent("M ScheduleDownload")
            || hasRecentTask(
                state, at, AcsEventKind.REBOOT, AcsEventKind.FACTORY_RESET, AcsEventKind.DOWNLOAD);
    if (!ordered && state.getCohortKey() != null) {
      out.cohortSignal(
          new CohortSignal(
              state.getCohortKey(), CohortSignal.Kind.UNEXPECTED_BOOT, at, state.getDeviceKey()));
    }
    if (boots.size() >= config.rebootLoop().boots()) {
      out.alert(
          incidents.fire(
              state,
              new Finding(
                  RULE_REBOOT_LOOP,
                  "",
                  Severity.MEDIUM,
                  "Reboot loop: " + boots.size() + " boots within " + config.rebootLoop().within(),
                  "The device keeps rebooting (power, firmware crash, or malware that cannot"
                      + " persist).",
                  "Check the device's firmware and power; compare with its cohort.",
                  false,
                  List.of(),
                  Map.of("boots", (long) boots.size()),
                  List.of()),
              at));
    }
  }

  private boolean hasRecentTask(DeviceState state, long at, AcsEventKind... kinds) {
    long ttl = config.changes().acsTaskTtl().toMillis();
    for (AcsTask task : state.getAcsTasks()) {
      if (Math.abs(at - task.getAt()) <= ttl) {
        for (AcsEventKind kind : kinds) {
          if (task.getKind().equals(kind.name())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  // --- authentication ----------------------------------------------------------------

  private void onAuthFailure(DeviceState state, AcsEvent event, long at, DetectionOutput out) {
    long window = config.authBurst().perDevice().within().toMillis();
    int threshold = config.authBurst().perDevice().failures();
    List<Long> failures = state.getAuthFailures();
    failures.removeIf(t -> t <= at - window);
    boolean firstInWindow = failures.isEmpty();
    failures.add(at);
    while (failures.size() > threshold) {
      failures.remove(0);
    }
    if (firstInWindow) {
      if (state.getCohortKey() != null) {
        out.cohortSignal(
            new CohortSignal(
                state.getCohortKey(), CohortSignal.Kind.AUTH_FAILURE, at, state.getDeviceKey()));
      } else {
        state.setAuthFailureUnsignalled(true);
      }
    }
    if (failures.size() >= threshold) {
      out.alert(
          incidents.fire(
              state,
              new Finding(
                  RULE_AUTH_BURST,
                  "",
                  Severity.HIGH,
                  "Burst of failed authentications: "
                      + failures.size()
                      + " within "
                      + config.authBurst().perDevice().within(),
                  "Repeated failed CWMP authentication for this device"
                      + (event.getSourceIp() != null
                          ? " (last from " + event.getSourceIp() + ")"
                          : "")
                      + ": credential guessing or a cloned device.",
                  "Check the source addresses; rotate the device's ACS credentials if they leaked.",
                  false,
                  List.of(),
                  Map.of("failures", (long) failures.size()),
                  List.of(event.getEventId())),
              at));
    }
  }

  // --- posture -----------------------------------------------------------------------

  private void evaluatePosture(
      DeviceState state, Set<String> changed, long at, DetectionOutput out) {
    if (changed.isEmpty()) {
      return;
    }
    for (PostureRule rule : posture) {
      if (rule.when().keySet().stream().noneMatch(changed::contains)) {
        continue;
      }
      Set<String> matching = matchingInstances(state, rule);
      Set<String> open = new HashSet<>();
      for (String finding : state.getOpenPosture()) {
        if (finding.startsWith(rule.id() + "#")) {
          open.add(finding.substring(rule.id().length() + 1));
        }
      }
      for (String instance : matching) {
        if (!open.contains(instance)) {
          state.getOpenPosture().add(rule.id() + "#" + instance);
          out.alert(incidents.fire(state, postureFinding(state, rule, instance), at));
        }
      }
      for (String instance : open) {
        if (!matching.contains(instance)) {
          state.getOpenPosture().remove(rule.id() + "#" + instance);
          Alert resolved = incidents.resolve(state, postureFinding(state, rule, instance), at);
          if (resolved != null) {
            out.alert(resolved);
          }
        }
      }
    }
  }

  /** Instances (as stored after '#', "" for single-instance) where every condition matches. */
  private Set<String> matchingInstances(DeviceState state, PostureRule rule) {
    Map<String, Set<String>> byCondition = new HashMap<>();
    postureRegex
        .get(rule.id())
        .forEach(
            (name, regex) ->
                CriticalValues.forEach(
                    state,
                    (key, value) -> {
                      String instance = instanceOf(key, name);
                      if (instance != null && regex.matcher(value).matches()) {
                        byCondition.computeIfAbsent(name, k -> new HashSet<>()).add(instance);
                      }
                    }));
    Set<String> result = null;
    for (String name : rule.when().keySet()) {
      Set<String> instances = byCondition.getOrDefault(name, Set.of());
      if (result == null) {
        result = new HashSet<>(instances);
      } else {
        result.retainAll(instances);
      }
    }
    return result == null ? Set.of() : result;
  }

  /** The instance of state key {@code key} if it is a setting of {@code name}, else null. */
  private static String instanceOf(String key, String name) {
    if (!key.startsWith(name)) {
      return null;
    }
    if (key.length() == name.length()) {
      return "";
    }
    return key.charAt(name.length()) == '#' ? key.substring(name.length() + 1) : null;
  }

  private Finding postureFinding(DeviceState state, PostureRule rule, String instance) {
    List<ChangeRecord> values = new ArrayList<>();
    for (String name : rule.when().keySet()) {
      String key = instance.isEmpty() ? name : name + "#" + instance;
      values.add(
          ChangeRecord.newBuilder()
              .setParameter(name)
              .setPath(key)
              .setNewValue(CriticalValues.get(state, key))
              .build());
    }
    return new Finding(
        rule.id(),
        instance,
        rule.severity(),
        rule.title(),
        null,
        rule.recommendedAction(),
        true,
        values,
        Map.of(),
        List.of());
  }

  // --- identity, cohort ------------------------------------------------------------

  /** Identity fields never change for a device: they are only compared, stored when new. */
  private void rememberIdentity(DeviceState state, DeviceInform inform) {
    if (!inform.serialNumber.equals(state.getSerialNumber())
        || !inform.oui.equals(state.getOui())
        || !Objects.equals(inform.productClass, state.getProductClass())
        || !Objects.equals(inform.manufacturer, state.getManufacturer())) {
      state.setManufacturer(pool.share(inform.manufacturer));
      state.setOui(pool.share(inform.oui));
      state.setProductClass(pool.share(inform.productClass));
      state.setSerialNumber(inform.serialNumber);
    }
  }

  private void rememberInformInterval(DeviceState state, String seconds) {
    try {
      long value = Long.parseLong(seconds.trim());
      if (value > 0) {
        state.setInformIntervalMs(value * 1000);
      }
    } catch (NumberFormatException e) {
      // Not a number: keep the last good interval; the value change itself is still tracked.
    }
  }

  private void updateCohort(DeviceState state, DeviceInform inform, long at, DetectionOutput out) {
    String cohort =
        cohorts.of(
            inform.manufacturer,
            inform.oui,
            inform.productClass,
            CriticalValues.get(state, FIRMWARE),
            hardware(state),
            inform.sourceIp);
    String previous = state.getCohortKey();
    if (cohort.equals(previous)) {
      return;
    }
    cohort = pool.share(cohort);
    if (previous != null) {
      out.cohortSignal(
          new CohortSignal(previous, CohortSignal.Kind.INACTIVE, at, state.getDeviceKey()));
    }
    out.cohortSignal(new CohortSignal(cohort, CohortSignal.Kind.ACTIVE, at, state.getDeviceKey()));
    state.setCohortKey(cohort);
    if (state.getAuthFailureUnsignalled() && !state.getAuthFailures().isEmpty()) {
      out.cohortSignal(
          new CohortSignal(
              cohort,
              CohortSignal.Kind.AUTH_FAILURE,
              state.getAuthFailures().get(0),
              state.getDeviceKey()));
    }
    state.setAuthFailureUnsignalled(false);
  }

  private static String hardware(DeviceState state) {
    return CriticalValues.get(state, "firmware.hardware-version");
  }

  private static Severity max(Severity a, Severity b) {
    return a == null || b.ordinal() > a.ordinal() ? b : a;
  }
}
