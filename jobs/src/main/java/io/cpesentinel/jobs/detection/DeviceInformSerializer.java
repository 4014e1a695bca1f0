package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.DeviceInform;
import io.cpesentinel.detect.RecentStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link DeviceInform}, the record every Inform crosses the device keyBy as:
 * strings as length-prefixed UTF-8, arrays as counted runs. Flink's POJO serializer reads strings
 * through a thread-local buffer whose lookup cost a tenth of the detectors' time; this one reads
 * the strings that repeat across the fleet through {@link RecentStrings}, so the detectors get
 * shared instances. Stateful (that cache), hence one per thread through {@link #duplicate}. Never
 * used for state (DeviceInforms are not kept), so the format is free to change between releases.
 */
public final class DeviceInformSerializer extends TypeSerializer<DeviceInform> {
  private static final long serialVersionUID = 1L;
  private static final int RECENT_STRINGS = 4096;

  private transient RecentStrings recent;

  @Override
  public TypeSerializer<DeviceInform> duplicate() {
    return new DeviceInformSerializer();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeviceInformSerializer;
  }

  @Override
  public int hashCode() {
    return DeviceInformSerializer.class.hashCode();
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public DeviceInform createInstance() {
    return new DeviceInform();
  }

  @Override
  public DeviceInform copy(DeviceInform from) {
    DeviceInform copy = new DeviceInform();
    copy.deviceKey = from.deviceKey;
    copy.eventId = from.eventId;
    copy.receivedAt = from.receivedAt;
    copy.manufacturer = from.manufacturer;
    copy.oui = from.oui;
    copy.productClass = from.productClass;
    copy.serialNumber = from.serialNumber;
    copy.sourceIp = from.sourceIp;
    copy.eventCodes = from.eventCodes.clone();
    copy.patterns = from.patterns.clone();
    copy.instances = from.instances.clone();
    copy.paths = from.paths.clone();
    copy.values = from.values.clone();
    return copy;
  }

  @Override
  public DeviceInform copy(DeviceInform from, DeviceInform reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(DeviceInform inform, DataOutputView out) throws IOException {
    writeString(inform.deviceKey, out);
    writeString(inform.eventId, out);
    out.writeLong(inform.receivedAt);
    writeString(inform.manufacturer, out);
    writeString(inform.oui, out);
    writeString(inform.productClass, out);
    writeString(inform.serialNumber, out);
    writeString(inform.sourceIp, out);
    out.writeInt(inform.eventCodes.length);
    for (String code : inform.eventCodes) {
      writeString(code, out);
    }
    out.writeInt(inform.size());
    for (int i = 0; i < inform.size(); i++) {
      out.writeInt(inform.patterns[i]);
      writeString(inform.instances[i], out);
      writeString(inform.paths[i], out);
      writeString(inform.values[i], out);
    }
  }

  @Override
  public DeviceInform deserialize(DataInputView in) throws IOException {
    if (recent == null) {
      recent = new RecentStrings(RECENT_STRINGS);
    }
    DeviceInform inform = new DeviceInform();
    inform.deviceKey = readString(in);
    inform.eventId = readString(in);
    inform.receivedAt = in.readLong();
    inform.manufacturer = readShared(in);
    inform.oui = readShared(in);
    inform.productClass = readShared(in);
    inform.serialNumber = readString(in);
    inform.sourceIp = readString(in);
    inform.eventCodes = new String[in.readInt()];
    for (int i = 0; i < inform.eventCodes.length; i++) {
      inform.eventCodes[i] = readShared(in);
    }
    int n = in.readInt();
    inform.patterns = new int[n];
    inform.instances = new String[n];
    inform.paths = new String[n];
    inform.values = new String[n];
    for (int i = 0; i < n; i++) {
      inform.patterns[i] = in.readInt();
      inform.instances[i] = readShared(in);
      inform.paths[i] = readShared(in);
      inform.values[i] = readShared(in);
    }
    return inform;
  }

  @Override
  public DeviceInform deserialize(DeviceInform reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public TypeSerializerSnapshot<DeviceInform> snapshotConfiguration() {
    return new Snapshot();
  }

  /** A string likely to repeat across devices, shared through {@link RecentStrings}. */
  private String readShared(DataInputView in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = recent.buffer(length);
    in.readFully(bytes, 0, length);
    return recent.decode(bytes, length);
  }

  private static void writeString(String value, DataOutputView out) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputView in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Restores the serializer of a snapshot (the format has one version). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeviceInform> {
    public Snapshot() {
      super(DeviceInformSerializer::new);
    }
  }
}
