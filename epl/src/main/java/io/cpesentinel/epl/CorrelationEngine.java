package io.cpesentinel.epl;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs correlation rules over device facts in event time. The only way the rest of CPE Sentinel
 * talks to the rule engine: no engine types cross it, so the engine (Esper, GPL v2) stays in this
 * module. Not thread-safe: one engine per Flink subtask, fed in timestamp order.
 */
public interface CorrelationEngine extends AutoCloseable {
  /**
   * Adds the module, or replaces the running module of the same rule id. A module that does not
   * compile or declares no valid metadata is rejected and whatever ran before keeps running.
   */
  RuleInfo deploy(RuleModule module) throws RuleRejectedException;

  /** Stops the rule; false when it was not running. */
  boolean disable(String ruleId);

  /**
   * The canonical names the running rules read with {@code values('<name>')} (see {@link
   * ValuesRead}); empty when some rule may read any value. Facts need carry no other value.
   */
  Optional<Set<String>> valuesRead();

  /** The rules running now. */
  Collection<RuleInfo> rules();

  /** Moves the clock to {@code time} (never backwards), firing what is due on the way. */
  void advanceTo(long time);

  /** Feeds a fact, after moving the clock to its time (or keeping it when it is already later). */
  void feed(Fact fact);

  /** The engine's clock, epoch milliseconds. */
  long currentTime();

  /** Returns and forgets what the rules produced since the last call. */
  List<RuleOutput> drain();

  @Override
  void close();
}
