package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.InformSlimmer;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.schema.CwmpInform;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/** Flink face of {@link InformSlimmer}, chained to the decoder before the device keyBy. */
public final class SlimInforms extends RichMapFunction<CwmpInform, CwmpInform>
    implements ResultTypeQueryable<CwmpInform> {
  private static final long serialVersionUID = 1L;

  private final Detection detection;
  private transient InformSlimmer slimmer;

  public SlimInforms(Detection detection) {
    this.detection = detection;
  }

  @Override
  public void open(OpenContext openContext) {
    slimmer = new InformSlimmer(detection);
  }

  @Override
  public CwmpInform map(CwmpInform inform) {
    return slimmer.slim(inform);
  }

  @Override
  public TypeInformation<CwmpInform> getProducedType() {
    return new AvroTypeInfo<>(CwmpInform.class);
  }
}
