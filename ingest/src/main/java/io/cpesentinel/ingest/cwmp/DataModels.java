package io.cpesentinel.ingest.cwmp;

import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.ParameterValue;
import java.util.List;

/**
 * Tells the root data model from an Inform's ParameterList, as TR-181 says: {@code
 * InternetGatewayDevice.} is TR-098; {@code Device.} with {@code Device.RootDataModelVersion} is
 * Device:2 (TR-181 Issue 2, 2.4+); {@code Device.} with {@code Device.DeviceSummary} is Device:1
 * (TR-106). A {@code Device.} Inform with neither (Device:2.0–2.3, or a forged one) stays UNKNOWN.
 */
public final class DataModels {
  private DataModels() {}

  public static DataModel of(List<ParameterValue> parameters) {
    for (ParameterValue p : parameters) {
      String name = p.getName();
      if (name.startsWith("InternetGatewayDevice.")) {
        return DataModel.TR098;
      }
      if (name.equals("Device.RootDataModelVersion")) {
        return DataModel.TR181;
      }
      if (name.equals("Device.DeviceSummary")) {
        return DataModel.TR106;
      }
    }
    return DataModel.UNKNOWN;
  }
}
