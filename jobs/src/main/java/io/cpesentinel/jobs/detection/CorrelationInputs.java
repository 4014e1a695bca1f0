package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CorrelationFacts;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import io.cpesentinel.schema.CwmpInform;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Flink faces of {@link CorrelationFacts}: what feeds the correlation rules. */
final class CorrelationInputs {
  private CorrelationInputs() {}

  static TypeInformation<CorrelationFact> factType() {
    return new AvroTypeInfo<>(CorrelationFact.class);
  }

  /** Slimmed Informs (critical values only) as facts with canonical names. */
  static final class Informs extends RichMapFunction<CwmpInform, CorrelationFact>
      implements ResultTypeQueryable<CorrelationFact> {
    private static final long serialVersionUID = 1L;
    private final Detection detection;
    private transient CorrelationFacts facts;

    Informs(Detection detection) {
      this.detection = detection;
    }

    @Override
    public void open(OpenContext openContext) {
      facts = new CorrelationFacts(detection);
    }

    @Override
    public CorrelationFact map(CwmpInform inform) {
      return facts.inform(inform);
    }

    @Override
    public TypeInformation<CorrelationFact> getProducedType() {
      return factType();
    }
  }

  /** ACS events of known devices as facts. */
  static final class AcsEvents extends RichMapFunction<AcsEvent, CorrelationFact>
      implements ResultTypeQueryable<CorrelationFact> {
    private static final long serialVersionUID = 1L;
    private final Detection detection;
    private transient CorrelationFacts facts;

    AcsEvents(Detection detection) {
      this.detection = detection;
    }

    @Override
    public void open(OpenContext openContext) {
      facts = new CorrelationFacts(detection);
    }

    @Override
    public CorrelationFact map(AcsEvent event) {
      return facts.acsEvent(event);
    }

    @Override
    public TypeInformation<CorrelationFact> getProducedType() {
      return factType();
    }
  }

  /** The per-device detectors' alerts, fed back as findings at the event time they fired. */
  static final class Findings extends ProcessFunction<Alert, CorrelationFact>
      implements ResultTypeQueryable<CorrelationFact> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Alert alert, Context ctx, Collector<CorrelationFact> out) {
      Long at = ctx.timestamp();
      for (CorrelationFact fact :
          CorrelationFacts.findings(alert, at != null ? at : alert.getLastSeen().toEpochMilli())) {
        out.collect(fact);
      }
    }

    @Override
    public TypeInformation<CorrelationFact> getProducedType() {
      return factType();
    }
  }
}
