package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.CorrelationFacts;
import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.schema.AcsEvent;
import io.cpesentinel.schema.Alert;
import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Flink faces of {@link CorrelationFacts}: what feeds the correlation rules. */
final class CorrelationInputs {
  private CorrelationInputs() {}

  static TypeInformation<CorrelationFact> factType() {
    return new SpecificRecordTypeInfo<>(CorrelationFact.class);
  }

  /** Informs (their critical values) as facts with canonical names. */
  static ToFact<DeviceInform> informs(Detection detection) {
    return new ToFact<>(detection, CorrelationFacts::inform);
  }

  /** ACS events of known devices as facts. */
  static ToFact<AcsEvent> acsEvents(Detection detection) {
    return new ToFact<>(detection, CorrelationFacts::acsEvent);
  }

  /** One record as one fact, by a {@link CorrelationFacts} built once per subtask. */
  static final class ToFact<T> extends RichMapFunction<T, CorrelationFact>
      implements ResultTypeQueryable<CorrelationFact> {
    private static final long serialVersionUID = 1L;

    /** Which conversion of {@link CorrelationFacts} applies. */
    interface Conversion<T> extends Serializable {
      CorrelationFact apply(CorrelationFacts facts, T record);
    }

    private final Detection detection;
    private final Conversion<T> conversion;
    private transient CorrelationFacts facts;

    private ToFact(Detection detection, Conversion<T> conversion) {
      this.detection = detection;
      this.conversion = conversion;
    }

    @Override
    public void open(OpenContext openContext) {
      facts = new CorrelationFacts(detection);
    }

    @Override
    public CorrelationFact map(T record) {
      return conversion.apply(facts, record);
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
