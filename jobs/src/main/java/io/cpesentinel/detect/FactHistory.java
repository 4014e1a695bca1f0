package io.cpesentinel.detect;

import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's recent facts as kept in state to rebuild the correlation rules after a restore:
 * bounded in time and count, with Informs delta-coded backwards. A device reports the same few
 * dozen values in every Inform, and a full copy per Inform made this history the job's largest
 * state; so only the newest Inform keeps its full values and each older one keeps what differed
 * from the next newer one. Appending rewrites one fact, dropping the oldest rewrites none, and only
 * a restore decodes the whole list.
 */
public final class FactHistory {
  private FactHistory() {}

  /**
   * Appends {@code fed} (in time order, as fed to the engine) to {@code history} (as stored) and
   * drops what is older than {@code horizon} or beyond {@code maxFacts}; returns what to store.
   */
  public static List<CorrelationFact> append(
      List<CorrelationFact> history, List<CorrelationFact> fed, long horizon, int maxFacts) {
    List<CorrelationFact> stored = new ArrayList<>(history.size() + fed.size());
    stored.addAll(history);
    for (CorrelationFact fact : fed) {
      if (fact.getKind() == FactKind.INFORM) {
        int newest = lastInform(stored);
        if (newest >= 0) {
          stored.set(newest, olderThan(stored.get(newest), fact.getValues()));
        }
      }
      stored.add(fact);
    }
    int from = 0;
    while (from < stored.size()
        && (stored.get(from).getAt() <= horizon || stored.size() - from > maxFacts)) {
      from++;
    }
    return from == 0 ? stored : new ArrayList<>(stored.subList(from, stored.size()));
  }

  /** The facts as they were fed: every Inform with its own full values. */
  public static List<CorrelationFact> decode(List<CorrelationFact> stored) {
    List<CorrelationFact> facts = new ArrayList<>(stored);
    Map<String, String> newer = null;
    for (int i = facts.size() - 1; i >= 0; i--) {
      CorrelationFact fact = facts.get(i);
      if (fact.getKind() != FactKind.INFORM) {
        continue;
      }
      Map<String, String> values;
      if (fact.getValuesDelta() && newer != null) {
        values = new HashMap<>(newer);
        fact.getRemovedValues().forEach(values::remove);
        values.putAll(fact.getValues());
      } else {
        values = fact.getValues();
      }
      facts.set(
          i,
          CorrelationFact.newBuilder(fact)
              .setValues(values)
              .setValuesDelta(false)
              .setRemovedValues(List.of())
              .build());
      newer = values;
    }
    return facts;
  }

  private static int lastInform(List<CorrelationFact> stored) {
    for (int i = stored.size() - 1; i >= 0; i--) {
      if (stored.get(i).getKind() == FactKind.INFORM) {
        return i;
      }
    }
    return -1;
  }

  /** {@code older} (stored in full) coded as the difference from the next Inform's values. */
  private static CorrelationFact olderThan(CorrelationFact older, Map<String, String> newer) {
    Map<String, String> changed = new HashMap<>();
    for (Map.Entry<String, String> e : older.getValues().entrySet()) {
      if (!e.getValue().equals(newer.get(e.getKey()))) {
        changed.put(e.getKey(), e.getValue());
      }
    }
    List<String> removed = new ArrayList<>();
    for (String key : newer.keySet()) {
      if (!older.getValues().containsKey(key)) {
        removed.add(key);
      }
    }
    return CorrelationFact.newBuilder(older)
        .setValues(changed)
        .setValuesDelta(true)
        .setRemovedValues(removed)
        .build();
  }
}
