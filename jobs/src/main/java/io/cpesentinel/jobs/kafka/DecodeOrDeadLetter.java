package io.cpesentinel.jobs.kafka;

import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.Topic;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes Kafka values of one contract topic. A value that does not decode goes, unchanged and with
 * the reason, to the {@link #REJECTED} side output (and from there, through {@link
 * DeadLetterSerializer}, to the topic's dead-letter twin); the job keeps running. Rejects are
 * counted per reason in Flink metrics.
 */
public final class DecodeOrDeadLetter<T extends SpecificRecordBase>
    extends ProcessFunction<RawRecord, T> implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /** Side output of records that could not be decoded. */
  public static final OutputTag<RejectedRecord> REJECTED =
      new OutputTag<>("rejected", TypeInformation.of(RejectedRecord.class));

  private final Class<T> type;
  private final String stage;
  private transient AvroValueCodec<T> codec;
  private transient Counter rejected;

  /**
   * @param topic the contract topic being read
   * @param type the record class the topic's contract says its values hold
   * @param stage names this reader in the dead-letter reason, e.g. {@code detection.decode}
   */
  public DecodeOrDeadLetter(Topic topic, Class<T> type, String stage) {
    if (topic.valueType().filter(type::equals).isEmpty()) {
      throw new IllegalArgumentException(
          topic.topicName() + " does not hold " + type.getSimpleName() + " values");
    }
    this.type = type;
    this.stage = stage;
  }

  /** Avro's own serializer for the decoded records, not Kryo. */
  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(type);
  }

  @Override
  public void open(OpenContext openContext) {
    codec = AvroValueCodec.forType(type);
    rejected = getRuntimeContext().getMetricGroup().counter("recordsRejected");
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<T> out) {
    try {
      out.collect(codec.decode(record.value));
    } catch (RecordDecodingException e) {
      rejected.inc();
      RejectedRecord reject = new RejectedRecord();
      reject.key = record.key;
      reject.value = record.value;
      reject.reasonCode = e.reason().name();
      reject.reason = e.getMessage();
      reject.stage = stage;
      reject.source = record.position();
      reject.rejectedAtMillis = ctx.timerService().currentProcessingTime();
      ctx.output(REJECTED, reject);
    }
  }
}
