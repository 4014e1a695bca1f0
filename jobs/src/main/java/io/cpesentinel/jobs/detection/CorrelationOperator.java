package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CorrelationAlerts;
import io.cpesentinel.detect.CorrelationFacts;
import io.cpesentinel.detect.FactHistory;
import io.cpesentinel.detect.config.DetectionConfig.Correlation;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.epl.CorrelationEngine;
import io.cpesentinel.epl.DeviceForgotten;
import io.cpesentinel.epl.EsperCorrelationEngine;
import io.cpesentinel.epl.RuleModule;
import io.cpesentinel.epl.RuleOutput;
import io.cpesentinel.epl.RuleRejectedException;
import io.cpesentinel.epl.ShippedRules;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.RuleAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the correlation rules (EPL modules) inside the detection job. Input 1: the facts of every
 * device, keyed by device key; input 2: rule modules published to {@code cpe.rules}, broadcast to
 * every subtask. Output: the rules' alerts; side output {@link #RULE_STATUS}: what happened to each
 * published module.
 *
 * <p>One engine per subtask sees many devices, so it must see their facts in event-time order: a
 * fact waits in a queue ordered by event time (then arrival) until a watermark passes it, and the
 * engine's clock is moved to the watermark after the facts it released. Late facts are fed at the
 * engine's current time. The queue is the subtask's own memory, not a timer and a state write per
 * fact: at a checkpoint what waits in it is written to each device's keyed state (so it follows its
 * key group on a rescale), and a restore puts it back in the queue.
 *
 * <p>A fact carries only the values some running rule reads ({@link CorrelationEngine#valuesRead},
 * none for the shipped rules); the rest are dropped as it arrives, before it waits in the queue:
 * replaying a backlog, the queue holds the out-of-orderness and any skew between partitions' worth
 * of facts (hundreds of thousands in a boot storm), and a full set of critical values each made it
 * the larger part of the heap. A module published later reads values from the facts that arrive
 * after it, as it does in the stored history.
 *
 * <p>The engine's own state is not in Flink checkpoints. What rebuilds it: the modules in force
 * (operator state), each device's recent facts (keyed state, one byte array per device, see {@link
 * FactHistory}: {@code correlation.history} long and at most {@code correlation.maxFactsPerDevice},
 * dropped by one event-time timer per device once the newest is older than the history), and the
 * engine clock at the snapshot. After a restore every device's history is fed to a fresh engine in
 * timestamp order up to that clock and what it produces is dropped: those alerts were sent before
 * the snapshot. Alert ids are deterministic, so even a duplicate would only update the same alert.
 */
public final class CorrelationOperator extends AbstractStreamOperator<Alert>
    implements TwoInputStreamOperator<CorrelationFact, io.cpesentinel.schema.RuleModule, Alert>,
        Triggerable<String, VoidNamespace> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CorrelationOperator.class);

  /** (rule id, JSON status) for {@code cpe.rules.status}; written by subtask 0 only. */
  public static final OutputTag<Tuple2<String, String>> RULE_STATUS =
      new OutputTag<>("rule-status", Types.TUPLE(Types.STRING, Types.STRING));

  /** Facts not fed yet, per device: written at checkpoints only, read back at a restore. */
  private static final ListStateDescriptor<CorrelationFact> PENDING =
      new ListStateDescriptor<>("pending", new SpecificRecordTypeInfo<>(CorrelationFact.class));

  private static final ValueStateDescriptor<byte[]> HISTORY =
      new ValueStateDescriptor<>(
          "fact-history", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** The history as earlier versions kept it (a list of facts): read once after a restore. */
  private static final ListStateDescriptor<CorrelationFact> LEGACY_HISTORY =
      new ListStateDescriptor<>("history", new SpecificRecordTypeInfo<>(CorrelationFact.class));

  /** A fact waiting for the watermark: by event time, then arrival. */
  private record Queued(CorrelationFact fact, long seq) implements Comparable<Queued> {
    @Override
    public int compareTo(Queued other) {
      int c = Long.compare(fact.getAt(), other.fact.getAt());
      return c != 0 ? c : Long.compare(seq, other.seq);
    }
  }

  private final Correlation settings;

  private transient CorrelationEngine engine;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient ListState<CorrelationFact> pending;
  private transient ValueState<byte[]> history;
  private transient ListState<CorrelationFact> legacyHistory;
  private transient FactHistory histories;
  private transient PriorityQueue<Queued> queue;
  private transient long arrivals;
  private transient List<String> pendingWritten;
  private transient Optional<Set<String>> valuesRead;
  private transient ListState<io.cpesentinel.schema.RuleModule> publishedState;
  private transient ListState<Long> clockState;
  private transient Map<String, io.cpesentinel.schema.RuleModule> published;
  private transient long restoredClock;
  private transient boolean restored;
  private transient Counter late;
  private transient Counter rejected;

  public CorrelationOperator(Correlation settings) {
    this.settings = settings;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    publishedState =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "published-rules",
                    new SpecificRecordTypeInfo<>(io.cpesentinel.schema.RuleModule.class)));
    clockState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("engine-clock", Types.LONG));
    published = new LinkedHashMap<>();
    // Every subtask saw every module (broadcast), so the union holds copies: the last wins.
    for (io.cpesentinel.schema.RuleModule module : publishedState.get()) {
      published.put(module.getRuleId(), module);
    }
    restoredClock = Long.MIN_VALUE;
    for (Long clock : clockState.get()) {
      restoredClock = Math.max(restoredClock, clock);
    }
    restored = context.isRestored();
  }

  @Override
  public void open() throws Exception {
    super.open();
    late = getRuntimeContext().getMetricGroup().counter("lateFacts");
    rejected = getRuntimeContext().getMetricGroup().counter("rejectedRules");
    pending = getPartitionedState(PENDING);
    history = getPartitionedState(HISTORY);
    legacyHistory = getPartitionedState(LEGACY_HISTORY);
    histories = new FactHistory();
    queue = new PriorityQueue<>();
    pendingWritten = new ArrayList<>();
    timers = getInternalTimerService("correlation", VoidNamespaceSerializer.INSTANCE, this);
    // Esper's runtime registry is JVM-wide: the URI must be unique per job, subtask and attempt.
    engine =
        new EsperCorrelationEngine(
            "cpe-correlation/"
                + getRuntimeContext().getJobInfo().getJobId()
                + "/"
                + getOperatorID()
                + "/"
                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                + "/"
                + getRuntimeContext().getTaskInfo().getAttemptNumber()
                + "/"
                + UUID.randomUUID());
    for (RuleModule shipped : ShippedRules.fromClassPath()) {
      try {
        engine.deploy(shipped);
      } catch (RuleRejectedException e) {
        throw new IllegalStateException("a shipped rule does not run: " + e.getMessage(), e);
      }
    }
    for (io.cpesentinel.schema.RuleModule module : published.values()) {
      apply(module, false);
    }
    valuesRead = engine.valuesRead();
    if (restored) {
      requeuePending();
      replayHistory();
    }
  }

  /** The facts that waited for the watermark at the snapshot wait again. */
  private void requeuePending() throws Exception {
    for (String key : keys(PENDING.getName())) {
      setCurrentKey(key);
      for (CorrelationFact fact : list(pending)) {
        queue.add(new Queued(fact, arrivals++));
      }
      pending.clear();
    }
  }

  /** Feeds every device's recent facts to the fresh engine, dropping what they produce. */
  private void replayHistory() throws Exception {
    List<CorrelationFact> all = new ArrayList<>();
    for (String key : keys(HISTORY.getName())) {
      setCurrentKey(key);
      all.addAll(histories.decode(history.value(), key));
    }
    for (String key : keys(LEGACY_HISTORY.getName())) {
      setCurrentKey(key);
      List<CorrelationFact> facts = FactHistory.decodeDeltaCoded(list(legacyHistory));
      legacyHistory.clear();
      for (CorrelationFact fact : facts) {
        record(CorrelationFacts.keepValues(fact, valuesRead), fact.getAt());
      }
      all.addAll(facts);
    }
    all.sort(Comparator.comparingLong(CorrelationFact::getAt));
    for (CorrelationFact fact : all) {
      engine.feed(CorrelationFacts.toEngine(fact));
    }
    if (restoredClock != Long.MIN_VALUE) {
      engine.advanceTo(restoredClock);
    }
    int dropped = engine.drain().size();
    LOG.info(
        "correlation rules rebuilt from {} facts up to {} ({} alerts already sent before the"
            + " snapshot not sent again)",
        all.size(),
        restoredClock,
        dropped);
  }

  /** The keys that have {@code stateName}, collected first: the loop changes the state. */
  private List<String> keys(String stateName) {
    try (Stream<String> keys =
        this.<String>getKeyedStateBackend().getKeys(stateName, VoidNamespace.INSTANCE)) {
      return keys.toList();
    }
  }

  @Override
  public void processElement1(StreamRecord<CorrelationFact> element) throws Exception {
    CorrelationFact fact = element.getValue();
    if (fact.getAt() <= timers.currentWatermark()) {
      late.inc();
    }
    queue.add(new Queued(CorrelationFacts.keepValues(fact, valuesRead), arrivals++));
  }

  @Override
  public void processElement2(StreamRecord<io.cpesentinel.schema.RuleModule> element) {
    apply(element.getValue(), true);
    valuesRead = engine.valuesRead();
  }

  /** Runs, replaces or disables a published module; reports the outcome when {@code report}. */
  private void apply(io.cpesentinel.schema.RuleModule module, boolean report) {
    String ruleId = module.getRuleId();
    String status;
    String error = null;
    if (module.getAction() == RuleAction.DISABLE) {
      engine.disable(ruleId);
      published.put(ruleId, module);
      status = "DISABLED";
    } else if (module.getAction() == RuleAction.UNKNOWN || module.getEpl() == null) {
      status = "REJECTED";
      error =
          "action "
              + module.getAction()
              + " with "
              + (module.getEpl() == null ? "no" : "an")
              + " EPL text: ADD or REPLACE need the module text, DISABLE none";
    } else {
      try {
        engine.deploy(
            new RuleModule(ruleId, module.getVersion(), module.getEpl(), "cpe.rules/" + ruleId));
        published.put(ruleId, module);
        status = "ACCEPTED";
      } catch (RuleRejectedException e) {
        status = "REJECTED";
        error = e.getMessage();
      }
    }
    if (error != null) {
      rejected.inc();
      LOG.error("rule module {} rejected, the running rules keep running: {}", ruleId, error);
    } else {
      LOG.info("rule module {} version {}: {}", ruleId, module.getVersion(), status);
    }
    if (report && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
      output.collect(
          RULE_STATUS,
          new StreamRecord<>(
              Tuple2.of(ruleId, RuleStatusJson.of(module, status, error, engine.currentTime()))));
    }
  }

  /** Feeds the facts the watermark passed, in event-time order, and keeps them in the history. */
  private void release(long watermark) throws Exception {
    while (!queue.isEmpty() && queue.peek().fact().getAt() <= watermark) {
      CorrelationFact fact = queue.poll().fact();
      setCurrentKey(fact.getDeviceKey());
      engine.feed(CorrelationFacts.toEngine(fact));
      emit(engine.drain());
      record(fact, engine.currentTime());
    }
  }

  /**
   * Appends a fed fact to the current device's history, dropping what is older than the history at
   * {@code now}. A device's first fact sets its clean-up timer; see {@link #onEventTime}.
   */
  private void record(CorrelationFact fact, long now) throws Exception {
    byte[] stored = history.value();
    long keep = settings.history().toMillis();
    history.update(histories.append(stored, fact, now - keep, settings.maxFactsPerDevice()));
    if (stored == null) {
      timers.registerEventTimeTimer(VoidNamespace.INSTANCE, fact.getAt() + keep);
    }
  }

  /**
   * The device's clean-up timer: drops the facts older than the history; while some are left the
   * next timer is when the newest of them gets too old, so a device that goes quiet leaves no state
   * behind and one that keeps informing has one timer, not one per fact.
   */
  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    long keep = settings.history().toMillis();
    byte[] stored = history.value();
    byte[] kept = FactHistory.prune(stored, timer.getTimestamp() - keep);
    if (kept == null) {
      history.clear();
      // Rules whose context ends with it (the shipped ones) drop the device's partitions. Not at
      // the end of a bounded input, where every timer fires and the engine is closed right after.
      if (timers.currentWatermark() != Long.MAX_VALUE) {
        engine.feed(new DeviceForgotten(timer.getKey(), timer.getTimestamp()));
        emit(engine.drain());
      }
      return;
    }
    history.update(kept);
    timers.registerEventTimeTimer(VoidNamespace.INSTANCE, FactHistory.newest(kept) + keep);
  }

  /** The state's elements; the heap backend answers null for an empty list. */
  private static List<CorrelationFact> list(ListState<CorrelationFact> state) throws Exception {
    List<CorrelationFact> facts = new ArrayList<>();
    Iterable<CorrelationFact> stored = state.get();
    if (stored != null) {
      stored.forEach(facts::add);
    }
    return facts;
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    processWatermark(mark);
  }

  /** Rule modules carry no event time: only the facts' watermarks move the clock. */
  @Override
  public void processWatermark2(Watermark mark) {}

  @Override
  protected void processWatermarkStatus(WatermarkStatus status, int inputId) throws Exception {
    if (inputId == 0) {
      output.emitWatermarkStatus(status);
    }
  }

  /**
   * Releases the facts due, then moves the engine's clock to the watermark so rules waiting for
   * silence ("no Inform for 3 intervals") fire on time, then passes the watermark on. The final
   * watermark of a bounded input does not move the clock (a repeating rule timer would otherwise
   * run to the end of time).
   */
  @Override
  public void processWatermark(Watermark mark) throws Exception {
    release(mark.getTimestamp());
    if (timeServiceManager != null) {
      timeServiceManager.advanceWatermark(mark);
    }
    if (mark.getTimestamp() != Long.MAX_VALUE) {
      engine.advanceTo(mark.getTimestamp());
      emit(engine.drain());
    }
    output.emitWatermark(mark);
  }

  private void emit(List<RuleOutput> outputs) {
    for (RuleOutput ruleOutput : outputs) {
      output.collect(new StreamRecord<>(CorrelationAlerts.toAlert(ruleOutput), ruleOutput.at()));
    }
  }

  /**
   * Writes what waits in the queue to each device's keyed state before the backend snapshots it
   * (and removes what the previous checkpoint wrote there, fed since).
   */
  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    for (String key : pendingWritten) {
      setCurrentKey(key);
      pending.clear();
    }
    pendingWritten.clear();
    List<Queued> waiting = new ArrayList<>(queue);
    waiting.sort(null);
    for (Queued queued : waiting) {
      String key = queued.fact().getDeviceKey();
      setCurrentKey(key);
      pending.add(queued.fact());
      pendingWritten.add(key);
    }
    publishedState.update(new ArrayList<>(published.values()));
    clockState.update(List.of(engine.currentTime()));
  }

  @Override
  public void close() throws Exception {
    try {
      if (engine != null) {
        engine.close();
        engine = null;
      }
    } finally {
      super.close();
    }
  }
}
