package io.cpesentinel.jobs.kafka;

import io.cpesentinel.jobs.avro.SpecificRecordTypeInfo;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.RecordDecodingException;
import io.cpesentinel.schema.Topic;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes Kafka values of one contract topic, into its Avro record or into what a job reads of it
 * (e.g. {@link io.cpesentinel.detect.DeviceInformDecoder}). A value that does not decode goes,
 * unchanged and with the reason, to the {@link #REJECTED} side output (and from there, through
 * {@link DeadLetterSerializer}, to the topic's dead-letter twin); the job keeps running. Rejects
 * are counted per reason in Flink metrics.
 */
public final class DecodeOrDeadLetter<T> extends ProcessFunction<RawRecord, T>
    implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /** Side output of records that could not be decoded. */
  public static final OutputTag<RejectedRecord> REJECTED =
      new OutputTag<>("rejected", TypeInformation.of(RejectedRecord.class));

  /** Decodes one value; made in each task by a {@link Factory}. */
  @FunctionalInterface
  public interface ValueDecoder<T> {
    T decode(byte[] value) throws RecordDecodingException;
  }

  /** Makes a task's decoder (decoders may keep memos, so one each). */
  @FunctionalInterface
  public interface Factory<T> extends Serializable {
    ValueDecoder<T> create();
  }

  private final TypeInformation<T> producedType;
  private final Factory<T> factory;
  private final String stage;
  private transient ValueDecoder<T> decoder;
  private transient Counter rejected;

  /**
   * Decodes into the topic's Avro record, with Avro's own Flink serializer (not Kryo).
   *
   * @param topic the contract topic being read
   * @param type the record class the topic's contract says its values hold
   * @param stage names this reader in the dead-letter reason, e.g. {@code detection.decode}
   */
  public static <R extends SpecificRecordBase> DecodeOrDeadLetter<R> avro(
      Topic topic, Class<R> type, String stage) {
    if (topic.valueType().filter(type::equals).isEmpty()) {
      throw new IllegalArgumentException(
          topic.topicName() + " does not hold " + type.getSimpleName() + " values");
    }
    return new DecodeOrDeadLetter<>(
        new SpecificRecordTypeInfo<>(type), () -> AvroValueCodec.forType(type)::decode, stage);
  }

  /**
   * @param producedType what the decoder makes, as Flink serializes it
   * @param factory makes each task's decoder
   * @param stage names this reader in the dead-letter reason, e.g. {@code detection.decode}
   */
  public DecodeOrDeadLetter(TypeInformation<T> producedType, Factory<T> factory, String stage) {
    this.producedType = producedType;
    this.factory = factory;
    this.stage = stage;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return producedType;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = factory.create();
    rejected = getRuntimeContext().getMetricGroup().counter("recordsRejected");
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<T> out) {
    try {
      out.collect(decoder.decode(record.value));
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
