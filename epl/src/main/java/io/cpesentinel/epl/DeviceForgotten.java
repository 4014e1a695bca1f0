package io.cpesentinel.epl;

/**
 * The job no longer keeps anything of this device: nothing happened to it for the whole history
 * ({@code correlation.history}). A rule context declared {@code partition by deviceKey from ...,
 * deviceKey from DeviceForgotten terminated by DeviceForgotten} ends the device's partition then
 * (and a rule's table rows keyed by device go with {@code on DeviceForgotten d delete from T t
 * where t.deviceKey = d.deviceKey}), so the engine's memory follows the devices seen within the
 * history instead of every device ever seen; a terminated context also keeps its partitions in a
 * map, where one without termination grows an array by one slot per new device (copying it each
 * time).
 */
public final class DeviceForgotten extends Fact {
  private static final long serialVersionUID = 1L;

  public DeviceForgotten(String deviceKey, long at) {
    super(deviceKey, at, "");
  }

  @Override
  public String toString() {
    return "DeviceForgotten{" + getDeviceKey() + " at " + getAt() + "}";
  }
}
