package io.cpesentinel.detect;

import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's recent facts as kept in state to rebuild the correlation rules after a restore:
 * bounded in time and count, and with Informs delta-coded (each stores only the critical values
 * that differ from the Inform before it), because a device reports the same few dozen values in
 * every Inform and a full copy per Inform made the history the job's largest state by far.
 */
public final class FactHistory {
  private FactHistory() {}

  /**
   * Appends {@code fed} (in time order, as fed to the engine) to {@code history} (as stored) and
   * drops what is older than {@code horizon} or beyond {@code maxFacts}; returns what to store.
   */
  public static List<CorrelationFact> append(
      List<CorrelationFact> history, List<CorrelationFact> fed, long horizon, int maxFacts) {
    List<CorrelationFact> full = decode(history);
    full.addAll(fed);
    int from = 0;
    while (from < full.size()
        && (full.get(from).getAt() <= horizon || full.size() - from > maxFacts)) {
      from++;
    }
    return encode(full.subList(from, full.size()));
  }

  /** The facts as they were fed: every Inform with its own full values. */
  public static List<CorrelationFact> decode(List<CorrelationFact> stored) {
    List<CorrelationFact> facts = new ArrayList<>(stored.size());
    Map<String, String> running = new HashMap<>();
    for (CorrelationFact fact : stored) {
      if (fact.getKind() == FactKind.INFORM) {
        Map<String, String> values;
        if (fact.getValuesDelta()) {
          values = new HashMap<>(running);
          fact.getRemovedValues().forEach(values::remove);
          values.putAll(fact.getValues());
        } else {
          values = fact.getValues();
        }
        running = values;
        facts.add(
            CorrelationFact.newBuilder(fact)
                .setValues(values)
                .setValuesDelta(false)
                .setRemovedValues(List.of())
                .build());
      } else {
        facts.add(fact);
      }
    }
    return facts;
  }

  private static List<CorrelationFact> encode(List<CorrelationFact> facts) {
    List<CorrelationFact> stored = new ArrayList<>(facts.size());
    Map<String, String> previous = null;
    for (CorrelationFact fact : facts) {
      if (fact.getKind() != FactKind.INFORM) {
        stored.add(fact);
        continue;
      }
      Map<String, String> values = fact.getValues();
      if (previous == null) {
        stored.add(fact);
      } else {
        Map<String, String> changed = new HashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
          if (!e.getValue().equals(previous.get(e.getKey()))) {
            changed.put(e.getKey(), e.getValue());
          }
        }
        List<String> removed = new ArrayList<>();
        for (String k : previous.keySet()) {
          if (!values.containsKey(k)) {
            removed.add(k);
          }
        }
        stored.add(
            CorrelationFact.newBuilder(fact)
                .setValues(changed)
                .setValuesDelta(true)
                .setRemovedValues(removed)
                .build());
      }
      previous = values;
    }
    return stored;
  }
}
