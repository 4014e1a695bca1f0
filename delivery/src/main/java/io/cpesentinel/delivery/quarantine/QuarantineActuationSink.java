package io.cpesentinel.delivery.quarantine;

import io.cpesentinel.delivery.common.HttpDelivery;
import io.cpesentinel.delivery.config.QuarantineSettings;
import io.cpesentinel.delivery.elasticsearch.ElasticsearchSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Where {@link Outcome#PENDING} quarantines and releases go: a two-phase Sink v2 whose writer only
 * collects them and whose {@link QuarantineCommitter} calls the signed webhook and/or the GenieACS
 * NBI after the checkpoint completes. Secrets are read in {@link #createCommitter}, on the task
 * manager.
 */
public final class QuarantineActuationSink
    implements Sink<QuarantineAction>, SupportsCommitter<QuarantineAction> {
  private static final long serialVersionUID = 1L;

  private final QuarantineSettings settings;
  private final ElasticsearchSink<QuarantineAction> audit;

  /**
   * @param audit the audit sink; its writer records outcomes
   */
  public QuarantineActuationSink(
      QuarantineSettings settings, ElasticsearchSink<QuarantineAction> audit) {
    this.settings = settings;
    this.audit = audit;
  }

  @Override
  public CommittingSinkWriter<QuarantineAction, QuarantineAction> createWriter(
      WriterInitContext context) {
    return new PendingActionsWriter();
  }

  @Override
  public Committer<QuarantineAction> createCommitter(CommitterInitContext context) {
    return new QuarantineCommitter(actuators(settings), audit.openWriter(context.metricGroup()));
  }

  @Override
  public SimpleVersionedSerializer<QuarantineAction> getCommittableSerializer() {
    return new QuarantineActionSerializer();
  }

  /** The actuators the configuration asks for, secrets resolved. */
  static List<QuarantineActuator> actuators(QuarantineSettings settings) {
    List<QuarantineActuator> actuators = new ArrayList<>();
    if (settings.webhook() != null) {
      actuators.add(
          new SignedWebhookActuator(
              settings.webhook().url(),
              WebhookSigner.fromSecret(
                  settings.webhook().secret().resolve("quarantine.webhook.secret")),
              new HttpDelivery("quarantine webhook " + settings.webhook().url(), settings.retry()),
              settings.tag(),
              Clock.systemUTC()));
    }
    if (settings.genieacs() != null) {
      String authorization =
          settings.genieacs().username() == null
              ? null
              : GenieAcsActuator.basic(
                  settings.genieacs().username(),
                  settings.genieacs().password().resolve("quarantine.genieacs.password"));
      actuators.add(
          new GenieAcsActuator(
              settings.genieacs().url(),
              settings.tag(),
              new HttpDelivery("GenieACS NBI " + settings.genieacs().url(), settings.retry()),
              authorization));
    }
    return actuators;
  }
}
