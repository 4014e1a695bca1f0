package io.cpesentinel.jobs.detection;

import io.cpesentinel.detect.DeviceInform;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type of {@link DeviceInform}: serialized by {@link DeviceInformSerializer}. */
public final class DeviceInformTypeInfo extends TypeInformation<DeviceInform> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<DeviceInform> getTypeClass() {
    return DeviceInform.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<DeviceInform> createSerializer(SerializerConfig config) {
    return new DeviceInformSerializer();
  }

  @Override
  public String toString() {
    return "DeviceInform";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeviceInformTypeInfo;
  }

  @Override
  public int hashCode() {
    return DeviceInformTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof DeviceInformTypeInfo;
  }
}
