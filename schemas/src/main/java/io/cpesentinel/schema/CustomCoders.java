package io.cpesentinel.schema;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro data model our writers and readers use for generated classes: the generated model's
 * logical-type conversions, plus the encoders and decoders Avro generates into each class ("custom
 * coders", off by default in Avro 1.12), which skip the generic writer's per-field dispatch. The
 * bytes are Avro's binary encoding either way. A model of its own, so switching them on does not
 * change the generated class's shared model for everyone else in the JVM.
 */
public final class CustomCoders {
  private CustomCoders() {}

  /** A model for {@code type} and the records it contains, with custom coders on. */
  public static SpecificData modelFor(Class<? extends SpecificRecord> type) {
    SpecificData generated = SpecificData.getForClass(type);
    SpecificData model = new SpecificData(generated.getClassLoader());
    generated.getConversions().forEach(model::addLogicalTypeConversion);
    model.setCustomCoders(true);
    return model;
  }
}
