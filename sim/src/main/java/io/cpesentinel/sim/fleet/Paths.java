package io.cpesentinel.sim.fleet;

import io.cpesentinel.schema.DataModel;

/**
 * The data-model paths scenarios change, per data model. Every path is one of those recorded in the
 * project's CWMP reference (shared/cwmp-reference.md) and covered by
 * rules/critical-parameters.yaml; vendor extensions ({@code X_<OUI>_...}) are the only invented
 * names, as the standards leave Telnet to vendors.
 */
public record Paths(
    String acsUrl,
    String wanDns,
    String lanDns,
    String firmware,
    String parameterKey,
    String connectionRequestUrl,
    String wanAddress,
    String remoteAccess,
    String telnet,
    String wifiMode,
    String wifiEncryption,
    String wifiPassphrase,
    String informInterval) {

  public static Paths of(DataModel model, boolean ppp, String oui) {
    if (model == DataModel.TR181) {
      return new Paths(
          "Device.ManagementServer.URL",
          "Device.DNS.Client.Server.1.DNSServer",
          "Device.DHCPv4.Server.Pool.1.DNSServers",
          "Device.DeviceInfo.SoftwareVersion",
          "Device.ManagementServer.ParameterKey",
          "Device.ManagementServer.ConnectionRequestURL",
          "Device.IP.Interface.1.IPv4Address.1.IPAddress",
          "Device.UserInterface.RemoteAccess.Enable",
          "Device.X_" + oui + "_Services.TelnetEnable",
          "Device.WiFi.AccessPoint.1.Security.ModeEnabled",
          null,
          "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
          "Device.ManagementServer.PeriodicInformInterval");
    }
    String wan =
        "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1."
            + (ppp ? "WANPPPConnection.1." : "WANIPConnection.1.");
    String wlan = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.";
    return new Paths(
        "InternetGatewayDevice.ManagementServer.URL",
        wan + "DNSServers",
        "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement.DNSServers",
        "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
        "InternetGatewayDevice.ManagementServer.ParameterKey",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
        wan + "ExternalIPAddress",
        "InternetGatewayDevice.UserInterface.RemoteAccess.Enable",
        "InternetGatewayDevice.X_" + oui + "_Services.TelnetEnable",
        wlan + "BeaconType",
        wlan + "BasicEncryptionModes",
        wlan + "KeyPassphrase",
        "InternetGatewayDevice.ManagementServer.PeriodicInformInterval");
  }
}
