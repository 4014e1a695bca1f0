package io.cpesentinel.detect;

import io.cpesentinel.detect.state.CorrelationFact;
import io.cpesentinel.detect.state.FactKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
 * one byte array: {@code [bytes used: 4 bytes]}, then the facts in the order they were fed, each as
 * {@code [at: 8 bytes][length: 4 bytes][Avro body, device key left out]}, then room to grow. A fact
 * is appended in place while there is room (the array grows by half when there is not), and the
 * oldest are dropped by moving the rest forward: a device's history is not a new object per fact,
 * which the young collector would copy until the device's next fact. Only a restore decodes. The
 * Flink heap backend copies a value before it is changed after a checkpoint began (so changing the
 * array {@code value()} returned is safe) and serializes each value at every checkpoint: for a byte
 * array both are one array copy, where a list of records was a deep copy and an Avro write per
 * fact. Facts carry only the values some rule reads (most rules read none), so a fact is a few
 * dozen bytes.
 *
 * <p>A run of routine Informs ({@code 2 PERIODIC} alone) that say the same (everything but their
 * time and event id) keeps its first and its latest: a device informing every 10 minutes would
 * otherwise keep 144 copies of the same fact a day, each written at every checkpoint. After a
 * restore the rules therefore see each device's other facts of the history in order, and of each
 * run of identical routine Informs between them the first and the latest: a rule that counts
 * periodic Informs starts its count over, as it does when a device is forgotten. Instance per task:
 * the codec buffers are reused.
 */
public final class FactHistory {
  private static final int USED = Integer.BYTES;
  private static final int HEADER = Long.BYTES + Integer.BYTES;
  private static final String ROUTINE_EVENT = "2 PERIODIC";

  private final DatumWriter<CorrelationFact> writer =
      new SpecificDatumWriter<>(CorrelationFact.class);
  private final DatumReader<CorrelationFact> reader =
      new SpecificDatumReader<>(CorrelationFact.class);
  private final Buffer buffer = new Buffer();
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  /** A ByteArrayOutputStream whose bytes can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    byte[] bytes() {
      return buf;
    }
  }

  /**
   * {@code stored} (null when empty) with {@code fact} appended and without the oldest facts that
   * are at or before {@code horizon} or beyond {@code maxFacts}: the same array, changed, when it
   * has room, else a larger one.
   */
  public byte[] append(byte[] stored, CorrelationFact fact, long horizon, int maxFacts) {
    encode(fact);
    int length = buffer.size();
    byte[] history = stored;
    if (history == null) {
      history = new byte[USED + 2 * (HEADER + length)];
    } else {
      if (isRoutine(fact)) {
        dropLastIfSameRoutine(history, length);
      }
      dropFront(history, firstKept(history, horizon, maxFacts - 1));
    }
    int used = used(history);
    int needed = USED + used + HEADER + length;
    if (needed > history.length) {
      history = Arrays.copyOf(history, Math.max(needed, history.length + history.length / 2));
    }
    ByteBuffer.wrap(history)
        .putInt(0, used + HEADER + length)
        .position(USED + used)
        .putLong(fact.getAt())
        .putInt(length)
        .put(buffer.bytes(), 0, length);
    return history;
  }

  /**
   * {@code stored} without the facts at or before {@code horizon}: null when none is left, else the
   * same array, changed (or a smaller copy when most of it would be room).
   */
  public static byte[] prune(byte[] stored, long horizon) {
    if (stored == null) {
      return null;
    }
    dropFront(stored, firstKept(stored, horizon, Integer.MAX_VALUE));
    int used = used(stored);
    if (used == 0) {
      return null;
    }
    return USED + used < stored.length / 4 ? Arrays.copyOf(stored, USED + 2 * used) : stored;
  }

  /** Event time of the newest fact stored, {@link Long#MIN_VALUE} when none. */
  public static long newest(byte[] stored) {
    long newest = Long.MIN_VALUE;
    if (stored == null) {
      return newest;
    }
    ByteBuffer in = entries(stored);
    while (in.hasRemaining()) {
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
    ByteBuffer in = entries(stored);
    while (in.hasRemaining()) {
      in.getLong();
      int length = in.getInt();
      decoder = // the buffer starts past the used-bytes count
          DecoderFactory.get().binaryDecoder(stored, USED + in.position(), length, decoder);
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

  private static boolean isRoutine(CorrelationFact fact) {
    List<String> codes = fact.getEventCodes();
    return fact.getKind() == FactKind.INFORM
        && codes.size() == 1
        && ROUTINE_EVENT.equals(codes.get(0));
  }

  /**
   * Drops the last stored fact when it and the one before it are of the same kind as the fact just
   * encoded in {@link #buffer} ({@code length} bytes, a routine Inform) and say the same past their
   * time and event id: a run of identical routine Informs keeps its first and its latest.
   */
  private void dropLastIfSameRoutine(byte[] history, int length) {
    ByteBuffer in = entries(history);
    int before = -1;
    int last = -1;
    while (in.hasRemaining()) {
      before = last;
      last = in.position();
      in.getLong();
      skip(in);
    }
    if (before < 0) {
      return;
    }
    int used = used(history);
    if (sameContent(buffer.bytes(), 0, length, history, USED + last + HEADER, used - last - HEADER)
        && sameContent(
            history,
            USED + last + HEADER,
            used - last - HEADER,
            history,
            USED + before + HEADER,
            last - before - HEADER)) {
      ByteBuffer.wrap(history).putInt(0, last);
    }
  }

  /** Two fact bodies of the same kind that differ at most in their time and event id. */
  private boolean sameContent(
      byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
    // The kind comes first, an enum index below 64: one byte.
    return a[aOffset] == b[bOffset]
        && Arrays.equals(
            a,
            contentOffset(a, aOffset, aLength),
            aOffset + aLength,
            b,
            contentOffset(b, bOffset, bLength),
            bOffset + bLength);
  }

  /**
   * Where a fact's body goes on past its kind, (empty) device key, time and event id: the fields
   * that tell two facts of a device apart without a difference in what they say.
   */
  private int contentOffset(byte[] bytes, int offset, int length) {
    decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder);
    try {
      decoder.readEnum();
      decoder.skipString();
      decoder.readLong();
      decoder.skipString();
      return offset + length - decoder.inputStream().available();
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt correlation history entry", e);
    }
  }

  private static int used(byte[] stored) {
    return ByteBuffer.wrap(stored).getInt(0);
  }

  /** The facts' bytes, from the first to the last used byte. */
  private static ByteBuffer entries(byte[] stored) {
    return ByteBuffer.wrap(stored, USED, used(stored)).slice();
  }

  /**
   * How many bytes of facts to drop: those at or before {@code horizon} at the front, and as many
   * more as it takes to leave at most {@code maxKept}.
   */
  private static int firstKept(byte[] stored, long horizon, int maxKept) {
    int count = 0;
    ByteBuffer in = entries(stored);
    while (in.hasRemaining()) {
      in.getLong();
      skip(in);
      count++;
    }
    in.position(0);
    int from = 0;
    while (in.hasRemaining()) {
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

  /** Drops the first {@code bytes} bytes of facts, moving the rest to the front. */
  private static void dropFront(byte[] stored, int bytes) {
    if (bytes > 0) {
      int used = used(stored);
      System.arraycopy(stored, USED + bytes, stored, USED, used - bytes);
      ByteBuffer.wrap(stored).putInt(0, used - bytes);
    }
  }

  /** Past the length and body of the entry whose {@code at} was just read. */
  private static void skip(ByteBuffer in) {
    int length = in.getInt();
    in.position(in.position() + length);
  }

  /** Writes the fact's body, without its device key (the state's key), to {@link #buffer}. */
  private void encode(CorrelationFact fact) {
    String deviceKey = fact.getDeviceKey();
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
