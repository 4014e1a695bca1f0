package io.cpesentinel.epl;

import java.util.Map;

/**
 * Something the ACS side did or saw for a device: {@code kind} is the {@code AcsEventKind} name
 * (AUTH_FAILURE, AUTH_SUCCESS, SET_PARAMETER_VALUES, REBOOT, DOWNLOAD, ...), {@code rpcMethod} the
 * CWMP method, {@code values} the parameters it set under their canonical names.
 */
public final class AcsEventFact extends Fact {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String rpcMethod;
  private final Map<String, String> values;
  private final String sourceIp;

  public AcsEventFact(
      String deviceKey,
      long at,
      String eventId,
      String kind,
      String rpcMethod,
      Map<String, String> values,
      String sourceIp) {
    super(deviceKey, at, eventId);
    this.kind = kind;
    this.rpcMethod = rpcMethod;
    this.values = Map.copyOf(values);
    this.sourceIp = sourceIp;
  }

  public String getKind() {
    return kind;
  }

  public String getRpcMethod() {
    return rpcMethod;
  }

  public Map<String, String> getValues() {
    return values;
  }

  public String getSourceIp() {
    return sourceIp;
  }

  @Override
  public String toString() {
    return "AcsEventFact{" + getDeviceKey() + " at " + getAt() + " " + kind + "}";
  }
}
