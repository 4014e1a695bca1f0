package io.cpesentinel.detect;

import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * One device's recent facts as kept in state to rebuild the correlation rules after a restore, as
 * one byte array: the facts in the order they were fed, each as {@code [at: 8 bytes][length: 4
 * bytes][Avro body, device key left out]}. Appending copies bytes and encodes one fact; dropping
 * the oldest reads only the {@code at} and length of what it drops; only a restore decodes. The
 * Flink heap backend copies a state value on the first write after each checkpoint and serializes
 * every value at each checkpoint: for a byte array both are one array copy, where a list of records
 * was a deep copy and an Avro write per fact. Facts carry only the values some rule reads (most
 * rules read none), so a fact is a few dozen bytes. Instance per task: the codec buffers are
 * reused.
 */
public final class FactHistory {
  private static final int HEADER = Long.BYTES + Integer.BYTES;

  private final DatumWriter<CorrelationFact> writer =
      new SpecificDatumWriter<>(CorrelationFact.class);
  private final DatumReader<CorrelationFact> reader =
      new SpecificDatumReader<>(CorrelationFact.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  /**
   * {@code stored} (null when empty) with {@code fact} appended and without the oldest facts that
   * are at or before {@code horizon} or beyond {@code maxFacts}.
   */
  public byte[] append(byte[] stored, CorrelationFact fact, long horizon, int maxFacts) {
    byte[] body = encode(fact);
    byte[] old = stored == null ? new byte[0] : stored;
    int from = firstKept(old, horizon, maxFacts - 1);
    ByteBuffer out = ByteBuffer.allocate(old.length - from + HEADER + body.length);
    out.put(old, from, old.length - from).putLong(fact.getAt()).putInt(body.length).put(body);
    return out.array();
  }

  /**
   * {@code stored} without the facts at or before {@code horizon}; null when none is left, the same
   * array when none is dropped.
   */
  public static byte[] prune(byte[] stored, long horizon) {
    if (stored == null) {
      return null;
    }
    int from = firstKept(stored, horizon, Integer.MAX_VALUE);
    if (from == stored.length) {
      return null;
    }
    return from == 0 ? stored : java.util.Arrays.copyOfRange(stored, from, stored.length);
  }

  /** Event time of the newest fact stored, {@link Long#MIN_VALUE} when none. */
  public static long newest(byte[] stored) {
    long newest = Long.MIN_VALUE;
    ByteBuffer in = stored == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(stored);
    while (in.remaining() >= HEADER) {
      newest = Math.max(newest, in.getLong());
      skip(in);
    }
    return newest;
  }

  /** The facts of {@code deviceKey} as they were fed. */
  public List<CorrelationFact> decode(byte[] stored, String deviceKey) {
    List<CorrelationFact> facts = new ArrayList<>();
    if (stored == null) {
      return facts;
    }
    ByteBuffer in = ByteBuffer.wrap(stored);
    while (in.remaining() >= HEADER) {
      in.getLong();
      int length = in.getInt();
      decoder = DecoderFactory.get().binaryDecoder(stored, in.position(), length, decoder);
      try {
        CorrelationFact fact = reader.read(null, decoder);
        fact.setDeviceKey(deviceKey);
        facts.add(fact);
      } catch (IOException e) {
        throw new UncheckedIOException("corrupt correlation history of " + deviceKey, e);
      }
      in.position(in.position() + length);
    }
    return facts;
  }

  /**
   * Where the facts to keep start: past those at or before {@code horizon} at the front, and past
   * as many more as it takes to leave at most {@code maxKept}.
   */
  private static int firstKept(byte[] stored, long horizon, int maxKept) {
    int count = 0;
    ByteBuffer in = ByteBuffer.wrap(stored);
    while (in.remaining() >= HEADER) {
      in.getLong();
      skip(in);
      count++;
    }
    in.position(0);
    int from = 0;
    while (in.remaining() >= HEADER) {
      long at = in.getLong();
      if (at > horizon && count <= maxKept) {
        break;
      }
      skip(in);
      from = in.position();
      count--;
    }
    return from;
  }

  /** Past the length and body of the entry whose {@code at} was just read. */
  private static void skip(ByteBuffer in) {
    int length = in.getInt();
    in.position(in.position() + length);
  }

  private byte[] encode(CorrelationFact fact) {
    String deviceKey = fact.getDeviceKey(); // the state's key: not stored again per fact
    buffer.reset();
    encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
    try {
      fact.setDeviceKey("");
      writer.write(fact, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      fact.setDeviceKey(deviceKey);
    }
    return buffer.toByteArray();
  }

  /**
   * The facts of a history written by an earlier version of the job (a list of facts, Informs
   * delta-coded backwards: only the newest kept its full values), as they were fed.
   */
  public static List<CorrelationFact> decodeDeltaCoded(List<CorrelationFact> stored) {
    List<CorrelationFact> facts = new ArrayList<>(stored);
    Map<String, String> newer = null;
    for (int i = facts.size() - 1; i >= 0; i--) {
      CorrelationFact fact = facts.get(i);
      if (fact.getKind() != FactKind.INFORM) {
        continue;
      }
      Map<String, String> values;
      if (fact.getValuesDelta() && newer != null) {
        values = new HashMap<>(newer);
        fact.getRemovedValues().forEach(values::remove);
        values.putAll(fact.getValues());
      } else {
        values = fact.getValues();
      }
      facts.set(
          i,
          CorrelationFact.newBuilder(fact)
              .setValues(values)
              .setValuesDelta(false)
              .setRemovedValues(List.of())
              .build());
      newer = values;
    }
    return facts;
  }
}
