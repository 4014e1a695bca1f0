package io.cpesentinel.detect;

import io.cpesentinel.detect.ParameterMatcher.Match;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.schema.AvroValueCodec;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.RecordDecodingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Decodes a {@code cpe.inform} Kafka value straight into a {@link DeviceInform}. Decoding a whole
 * {@link CwmpInform} makes a Java string of every path and value of 30–60 parameters, and that was
 * the largest cost of the job; the detectors read a dozen of them. This reader walks the writer's
 * own schema (named by the value's fingerprint, so released older writers work too) with Avro's
 * decoder, reads the fields the detectors use, skips the others without decoding them, and
 * recognises parameter paths by their bytes (a path becomes a string once, not once per Inform).
 *
 * <p>Anything it cannot read (a value that is not single-object encoded, an unknown writer, a
 * corrupt or truncated body) is handed to {@link AvroValueCodec#decode}, so the error a dead letter
 * carries is the codec's; the result is always what {@link InformSlimmer} makes of the codec's
 * decode. One instance per task (it keeps bounded memos); not thread-safe.
 */
public final class DeviceInformDecoder {
  static final int MEMO_CAPACITY = 50_000;
  private static final int HEADER_LENGTH = 10;
  private static final Known NOT_CRITICAL = new Known(null, null);

  private final AvroValueCodec<CwmpInform> codec = AvroValueCodec.forType(CwmpInform.class);
  private final ParameterMatcher matcher;
  private final InformSlimmer slimmer;
  private final Map<Long, Schema> writers = new HashMap<>();
  private final ByteKeyMemo<Known> paths = new ByteKeyMemo<>(MEMO_CAPACITY);
  private final Utf8 scratch = new Utf8();
  private final List<Match> matches = new ArrayList<>();
  private final List<String> keptPaths = new ArrayList<>();
  private final List<String> values = new ArrayList<>();
  private final List<String> codes = new ArrayList<>();
  private BinaryDecoder decoder;
  private long fullDecodes;

  /** A path already seen: its match (null if not critical) and itself when it must be kept. */
  private record Known(Match match, String path) {}

  public DeviceInformDecoder(Detection detection) {
    this.matcher = new ParameterMatcher(detection.catalog().parameters());
    this.slimmer = new InformSlimmer(matcher);
    for (Schema writer : codec.writerSchemas()) {
      writers.put(SchemaNormalization.parsingFingerprint64(writer), writer);
    }
  }

  /**
   * The DeviceInform of one Kafka value.
   *
   * @throws RecordDecodingException as {@link AvroValueCodec#decode} would, with its reason
   */
  public DeviceInform decode(byte[] value) throws RecordDecodingException {
    Schema writer = writerOf(value);
    if (writer != null) {
      try {
        decoder =
            DecoderFactory.get()
                .binaryDecoder(value, HEADER_LENGTH, value.length - HEADER_LENGTH, decoder);
        return read(writer);
      } catch (IOException | RuntimeException e) {
        // Not readable here: the codec says why (or, if it can read it after all, reads it).
      }
    }
    fullDecodes++;
    return slimmer.slim(codec.decode(value));
  }

  /** How many values this decoder handed to the full decode (unreadable here, or refused). */
  long fullDecodes() {
    return fullDecodes;
  }

  private Schema writerOf(byte[] value) {
    if (value == null
        || value.length < HEADER_LENGTH
        || value[0] != (byte) 0xC3
        || value[1] != (byte) 0x01) {
      return null;
    }
    return writers.get(ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }

  private DeviceInform read(Schema writer) throws IOException {
    DeviceInform inform = new DeviceInform();
    matches.clear();
    keptPaths.clear();
    values.clear();
    codes.clear();
    for (Schema.Field field : writer.getFields()) {
      Schema type = field.schema();
      switch (field.name()) {
        case "eventId" -> inform.eventId = string(type);
        case "receivedAt" -> {
          if (type.getType() != Schema.Type.LONG) {
            throw new IOException("expected a long receivedAt, the writer has " + type);
          }
          inform.receivedAt = decoder.readLong();
        }
        case "deviceId" -> readDeviceId(type, inform);
        case "events" -> readEvents(type);
        case "parameters" -> readParameters(type);
        case "ingest" -> readIngest(type, inform);
        default -> GenericDatumReader.skip(type, decoder);
      }
    }
    if (inform.eventId == null || inform.oui == null || inform.serialNumber == null) {
      throw new IOException("required field missing");
    }
    inform.deviceKey = DeviceKeys.of(inform.oui, inform.productClass, inform.serialNumber);
    inform.eventCodes = codes.toArray(String[]::new);
    inform.setParameters(matches, keptPaths, values);
    return inform;
  }

  private void readDeviceId(Schema type, DeviceInform inform) throws IOException {
    Schema record = branch(type);
    if (record == null) {
      return;
    }
    for (Schema.Field field : record.getFields()) {
      Schema fieldType = field.schema();
      switch (field.name()) {
        case "manufacturer" -> inform.manufacturer = string(fieldType);
        case "oui" -> inform.oui = string(fieldType);
        case "productClass" -> inform.productClass = string(fieldType);
        case "serialNumber" -> inform.serialNumber = string(fieldType);
        default -> GenericDatumReader.skip(fieldType, decoder);
      }
    }
  }

  private void readEvents(Schema type) throws IOException {
    Schema array = branch(type);
    if (array == null) {
      return;
    }
    Schema event = array.getElementType();
    for (long n = decoder.readArrayStart(); n > 0; n = decoder.arrayNext()) {
      for (long i = 0; i < n; i++) {
        for (Schema.Field field : event.getFields()) {
          if (field.name().equals("code")) {
            codes.add(string(field.schema()));
          } else {
            GenericDatumReader.skip(field.schema(), decoder);
          }
        }
      }
    }
  }

  private void readParameters(Schema type) throws IOException {
    Schema array = branch(type);
    if (array == null) {
      return;
    }
    Schema parameter = array.getElementType();
    Schema.Field name = parameter.getField("name");
    for (long n = decoder.readArrayStart(); n > 0; n = decoder.arrayNext()) {
      for (long i = 0; i < n; i++) {
        Known known = NOT_CRITICAL;
        String value = null;
        for (Schema.Field field : parameter.getFields()) {
          switch (field.name()) {
            case "name" -> known = known(field.schema());
            case "value" -> {
              // Written after its name, a value is skipped unless the name is critical.
              if (known != NOT_CRITICAL || name == null || name.pos() > field.pos()) {
                value = string(field.schema());
              } else {
                GenericDatumReader.skip(field.schema(), decoder);
              }
            }
            default -> GenericDatumReader.skip(field.schema(), decoder);
          }
        }
        if (known.match != null && value != null) {
          matches.add(known.match);
          keptPaths.add(known.path);
          values.add(value);
        }
      }
    }
  }

  private void readIngest(Schema type, DeviceInform inform) throws IOException {
    Schema record = branch(type);
    if (record == null) {
      return;
    }
    for (Schema.Field field : record.getFields()) {
      if (field.name().equals("sourceIp")) {
        inform.sourceIp = string(field.schema());
      } else {
        GenericDatumReader.skip(field.schema(), decoder);
      }
    }
  }

  /** The catalogue match of the path about to be read, remembered by its bytes. */
  private Known known(Schema type) throws IOException {
    if (branch(type) == null) {
      return NOT_CRITICAL;
    }
    decoder.readString(scratch);
    Known known = paths.get(scratch.getBytes(), scratch.getByteLength());
    if (known == null) {
      String path = scratch.toString();
      Match match = matcher.match(path);
      known = match == null ? NOT_CRITICAL : new Known(match, matcher.pathToKeep(match, path));
      paths.put(scratch.getBytes(), scratch.getByteLength(), known);
    }
    return known;
  }

  /**
   * A string field (or a union of null and string). Not shared here: the keyBy copies every string
   * anyway; the detectors share what they keep.
   */
  private String string(Schema type) throws IOException {
    Schema branch = branch(type);
    if (branch == null) {
      return null;
    }
    if (branch.getType() != Schema.Type.STRING) {
      throw new IOException("expected a string, the writer has " + branch);
    }
    return decoder.readString();
  }

  /** The schema of the value about to be read: a union's branch, or null for a null branch. */
  private Schema branch(Schema type) throws IOException {
    Schema actual = type.isUnion() ? type.getTypes().get(decoder.readIndex()) : type;
    return actual.getType() == Schema.Type.NULL ? null : actual;
  }
}
