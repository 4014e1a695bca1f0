package io.cpesentinel.delivery.quarantine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cpesentinel.delivery.config.QuarantineSettings;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.jobs.kafka.RawRecord;
import io.cpesentinel.schema.Alert;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink face of {@link QuarantineGuardrails}: owns the checkpointed ledger, feeds it alerts and
 * operator commands (JSON on the commands topic), emits every {@link QuarantineAction} for the
 * audit and the ACS, and pages for a tripped breaker through {@link #PAGES}.
 */
public final class QuarantineGuardrailFunction
    extends KeyedCoProcessFunction<String, Alert, RawRecord, QuarantineAction> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineGuardrailFunction.class);

  /** Alerts that page a human about the quarantine hook itself. */
  public static final OutputTag<Alert> PAGES =
      new OutputTag<>("quarantine-pages", new SpecificRecordTypeInfo<>(Alert.class));

  private final QuarantineGuardrails guardrails;
  private transient QuarantineLedger ledger;
  private transient ObjectMapper json;

  public QuarantineGuardrailFunction(QuarantineSettings settings) {
    this.guardrails = new QuarantineGuardrails(settings);
  }

  @Override
  public void open(OpenContext context) {
    ledger =
        new FlinkQuarantineLedger(
            getRuntimeContext()
                .getMapState(
                    new MapStateDescriptor<>(
                        "quarantined-devices",
                        Types.STRING,
                        TypeInformation.of(Quarantined.class))),
            getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("cohort-counts", Types.STRING, Types.INT)),
            getRuntimeContext()
                .getListState(new ListStateDescriptor<>("recent-quarantines", Types.LONG)),
            getRuntimeContext()
                .getState(
                    new ValueStateDescriptor<>("breaker", TypeInformation.of(BreakerTrip.class))));
    json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  @Override
  public void processElement1(Alert alert, Context ctx, Collector<QuarantineAction> out) {
    emit(guardrails.onAlert(alert, ledger), ctx, out);
  }

  @Override
  public void processElement2(RawRecord command, Context ctx, Collector<QuarantineAction> out) {
    Instant at = Instant.ofEpochMilli(command.timestamp);
    String position = command.position();
    OperatorCommand parsed;
    try {
      parsed = json.readValue(command.value, OperatorCommand.class);
    } catch (IOException | RuntimeException e) {
      LOG.error("operator command at {} not understood: {}", position, e.getMessage());
      out.collect(guardrails.rejectedCommand(position, String.valueOf(e.getMessage()), at));
      return;
    }
    String commandId = parsed.id() != null ? parsed.id() : position;
    LOG.warn("operator command {} from {}: {}", commandId, parsed.operator(), parsed.action());
    emit(guardrails.onCommand(parsed, commandId, at, ledger), ctx, out);
  }

  private static void emit(
      GuardrailDecision decision, Context ctx, Collector<QuarantineAction> out) {
    decision.actions().forEach(out::collect);
    for (Alert page : decision.pages()) {
      LOG.error("quarantine breaker: {} ({})", page.getTitle(), page.getDescription());
      ctx.output(PAGES, page);
    }
  }
}
