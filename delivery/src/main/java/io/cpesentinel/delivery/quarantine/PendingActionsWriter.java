package io.cpesentinel.delivery.quarantine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

/** Holds the actions decided since the last checkpoint and hands them to the committer with it. */
final class PendingActionsWriter
    implements CommittingSinkWriter<QuarantineAction, QuarantineAction> {
  private List<QuarantineAction> pending = new ArrayList<>();

  @Override
  public void write(QuarantineAction action, Context context) {
    pending.add(action.copy());
  }

  @Override
  public void flush(boolean endOfInput) {}

  @Override
  public Collection<QuarantineAction> prepareCommit() {
    List<QuarantineAction> ready = pending;
    pending = new ArrayList<>();
    return ready;
  }

  @Override
  public void close() {}
}
