package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.delivery.common.PermanentDeliveryException;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out quarantines and releases once the checkpoint that recorded the decision has
 * completed, so a restart can never act on a decision the restored state does not know about (which
 * could otherwise let a storm exceed the cap). Each action goes to every configured actuator; the
 * outcome (EXECUTED, or FAILED with the reason) replaces the PENDING audit document.
 */
final class QuarantineCommitter implements Committer<QuarantineAction> {
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineCommitter.class);

  private final List<QuarantineActuator> actuators;
  private final SinkWriter<QuarantineAction> audit;

  QuarantineCommitter(List<QuarantineActuator> actuators, SinkWriter<QuarantineAction> audit) {
    this.actuators = actuators;
    this.audit = audit;
  }

  @Override
  public void commit(Collection<CommitRequest<QuarantineAction>> requests)
      throws IOException, InterruptedException {
    for (CommitRequest<QuarantineAction> request : requests) {
      QuarantineAction action = request.getCommittable().copy();
      try {
        StringBuilder results = new StringBuilder();
        for (QuarantineActuator actuator : actuators) {
          if (results.length() > 0) {
            results.append("; ");
          }
          results.append(actuator.apply(action));
        }
        action.outcome = Outcome.EXECUTED;
        action.result = results.toString();
        LOG.warn("{} carried out: {}", action, action.result);
      } catch (PermanentDeliveryException e) {
        action.outcome = Outcome.FAILED;
        action.result = e.getMessage();
        LOG.error("{} FAILED for good, a human must look: {}", action, e.getMessage());
      } catch (IOException e) {
        LOG.warn(
            "{} not carried out yet, retried with the next checkpoint: {}", action, e.toString());
        request.retryLater();
        continue;
      }
      audit.write(action, null);
    }
    audit.flush(false);
  }

  @Override
  public void close() throws Exception {
    audit.close();
  }
}
