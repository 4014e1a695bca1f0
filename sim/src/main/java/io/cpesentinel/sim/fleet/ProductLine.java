package io.cpesentinel.sim.fleet;

import static io.cpesentinel.sim.fleet.ParameterTemplate.bool;
import static io.cpesentinel.sim.fleet.ParameterTemplate.string;
import static io.cpesentinel.sim.fleet.ParameterTemplate.unsigned;

import io.cpesentinel.schema.DataModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway model of the simulated ISP: identity, data model, the firmware versions in the field
 * (with their shares) and the parameters its Informs carry. Two TR-181 ({@code Device.}) and two
 * TR-098 ({@code InternetGatewayDevice.}) lines, 38 to 47 parameters each.
 */
public record ProductLine(
    String manufacturer,
    String oui,
    String productClass,
    DataModel dataModel,
    boolean ppp,
    String hardwareVersion,
    List<String> firmwares,
    double[] firmwareShares,
    List<ParameterTemplate> parameters,
    Paths paths) {

  public static final String ACS_URL = "https://acs.isp.example/";
  public static final String ISP_DNS_1 = "192.0.2.53";
  public static final String ISP_DNS_2 = "192.0.2.54";
  public static final String NTP = "ntp.isp.example";

  /** The four lines of the simulated ISP. */
  public static List<ProductLine> all() {
    return List.of(
        tr181("Acme Networks", "0012AB", "HGW-5000", "HW-2.1", List.of("5.4.1", "5.3.9"), 0.7),
        tr181("Borealis", "00D09E", "FiberBox-2", "B2-rev3", List.of("2.17.3", "2.16.8"), 0.6),
        tr098("Corvid", "001E58", "DSL-740", "R1B", true, List.of("4.2.0", "4.1.7"), 0.65),
        tr098("Dynalink", "0090D0", "VDSL-990", "V9", false, List.of("1.9.4", "1.8.2"), 0.55));
  }

  /** The firmware most of the line runs. */
  public String mainFirmware() {
    return firmwares.get(0);
  }

  private static ProductLine tr181(
      String manufacturer,
      String oui,
      String productClass,
      String hardware,
      List<String> firmwares,
      double mainShare) {
    String d = "Device.";
    List<ParameterTemplate> p = new ArrayList<>();
    p.add(string(d + "RootDataModelVersion", "2.17"));
    p.add(string(d + "DeviceInfo.ManufacturerOUI", oui));
    p.add(string(d + "DeviceInfo.ProductClass", productClass));
    p.add(string(d + "DeviceInfo.SerialNumber", SimDevice::serial));
    p.add(string(d + "DeviceInfo.HardwareVersion", hardware));
    p.add(string(d + "DeviceInfo.SoftwareVersion", SimDevice::firmware));
    p.add(string(d + "DeviceInfo.ProvisioningCode", "ISP.RES.FTTH"));
    p.add(
        string(d + "DeviceInfo.FirmwareImage.1.Name", dev -> productClass + "-" + dev.firmware()));
    p.add(string(d + "DeviceInfo.FirmwareImage.1.Version", SimDevice::firmware));
    p.add(bool(d + "DeviceInfo.FirmwareImage.1.Available", true));
    p.add(string(d + "DeviceInfo.FirmwareImage.1.Status", "Active"));
    p.add(string(d + "DeviceInfo.ActiveFirmwareImage", d + "DeviceInfo.FirmwareImage.1"));
    p.add(string(d + "ManagementServer.URL", ACS_URL));
    p.add(string(d + "ManagementServer.Username", SimDevice::key));
    p.add(string(d + "ManagementServer.ParameterKey", ""));
    p.add(string(d + "ManagementServer.ConnectionRequestURL", SimDevice::connectionRequestUrl));
    p.add(string(d + "ManagementServer.ConnectionRequestUsername", SimDevice::serial));
    p.add(bool(d + "ManagementServer.AliasBasedAddressing", false));
    p.add(bool(d + "ManagementServer.PeriodicInformEnable", true));
    p.add(unsigned(d + "ManagementServer.PeriodicInformInterval", SimDevice::intervalText));
    p.add(bool(d + "ManagementServer.EnableCWMP", true));
    p.add(bool(d + "ManagementServer.UpgradesManaged", true));
    p.add(bool(d + "ManagementServer.HTTPConnectionRequestEnable", true));
    p.add(string(d + "DNS.Client.Server.1.DNSServer", ISP_DNS_1));
    p.add(string(d + "DNS.Client.Server.1.Type", "DHCPv4"));
    p.add(string(d + "DNS.Client.Server.2.DNSServer", ISP_DNS_2));
    p.add(string(d + "DNS.Client.Server.2.Type", "DHCPv4"));
    p.add(string(d + "DNS.Relay.Forwarding.1.DNSServer", ISP_DNS_1));
    p.add(string(d + "DHCPv4.Server.Pool.1.DNSServers", "192.168.1.1"));
    p.add(string(d + "IP.Interface.1.IPv4Address.1.IPAddress", SimDevice::wanAddress));
    p.add(bool(d + "UserInterface.Enable", true));
    p.add(bool(d + "UserInterface.PasswordRequired", true));
    p.add(bool(d + "UserInterface.RemoteAccess.Enable", false));
    p.add(unsigned(d + "UserInterface.RemoteAccess.Port", dev -> "443"));
    p.add(bool(d + "SSH.Enable", false));
    p.add(bool(d + "Users.User.1.Enable", true));
    p.add(string(d + "Users.User.1.Username", "admin"));
    p.add(bool(d + "Firewall.Enable", true));
    p.add(string(d + "Firewall.Config", "Advanced"));
    p.add(bool(d + "UPnP.Device.Enable", true));
    p.add(bool(d + "UPnP.Device.UPnPIGD", false));
    p.add(string(d + "WiFi.SSID.1.SSID", dev -> "Home-" + dev.serial().substring(4)));
    p.add(string(d + "WiFi.AccessPoint.1.Security.ModeEnabled", "WPA2-Personal"));
    p.add(string(d + "WiFi.AccessPoint.1.Security.KeyPassphrase", SimDevice::passphrase));
    p.add(bool(d + "WiFi.AccessPoint.1.WPS.Enable", false));
    p.add(string(d + "Time.Client.1.Servers", NTP));
    p.add(bool(d + "X_" + oui + "_Services.TelnetEnable", false));
    return new ProductLine(
        manufacturer,
        oui,
        productClass,
        DataModel.TR181,
        false,
        hardware,
        firmwares,
        new double[] {mainShare, 1 - mainShare},
        List.copyOf(p),
        Paths.of(DataModel.TR181, false, oui));
  }

  private static ProductLine tr098(
      String manufacturer,
      String oui,
      String productClass,
      String hardware,
      boolean ppp,
      List<String> firmwares,
      double mainShare) {
    String d = "InternetGatewayDevice.";
    String wan =
        d
            + "WANDevice.1.WANConnectionDevice.1."
            + (ppp ? "WANPPPConnection.1." : "WANIPConnection.1.");
    String wlan = d + "LANDevice.1.WLANConfiguration.1.";
    List<ParameterTemplate> p = new ArrayList<>();
    p.add(
        string(
            d + "DeviceSummary",
            "InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1, WiFiLAN:1, Time:1)"));
    p.add(string(d + "DeviceInfo.ManufacturerOUI", oui));
    p.add(string(d + "DeviceInfo.ProductClass", productClass));
    p.add(string(d + "DeviceInfo.SerialNumber", SimDevice::serial));
    p.add(string(d + "DeviceInfo.HardwareVersion", hardware));
    p.add(string(d + "DeviceInfo.SoftwareVersion", SimDevice::firmware));
    p.add(string(d + "DeviceInfo.SpecVersion", "1.0"));
    p.add(string(d + "DeviceInfo.ProvisioningCode", "ISP.RES.DSL"));
    p.add(string(d + "DeviceInfo.ModemFirmwareVersion", "A2pv6F039"));
    p.add(string(d + "ManagementServer.URL", ACS_URL));
    p.add(string(d + "ManagementServer.Username", SimDevice::key));
    p.add(string(d + "ManagementServer.ParameterKey", ""));
    p.add(string(d + "ManagementServer.ConnectionRequestURL", SimDevice::connectionRequestUrl));
    p.add(string(d + "ManagementServer.ConnectionRequestUsername", SimDevice::serial));
    p.add(bool(d + "ManagementServer.AliasBasedAddressing", false));
    p.add(bool(d + "ManagementServer.PeriodicInformEnable", true));
    p.add(unsigned(d + "ManagementServer.PeriodicInformInterval", SimDevice::intervalText));
    p.add(bool(d + "ManagementServer.UpgradesManaged", true));
    p.add(bool(d + "ManagementServer.STUNEnable", false));
    p.add(
        string(
            d + "Layer3Forwarding.DefaultConnectionService", wan.substring(0, wan.length() - 1)));
    p.add(string(wan + "ExternalIPAddress", SimDevice::wanAddress));
    p.add(string(wan + "DNSServers", ISP_DNS_1 + "," + ISP_DNS_2));
    p.add(bool(wan + "DNSOverrideAllowed", false));
    p.add(string(d + "LANDevice.1.LANHostConfigManagement.DNSServers", "192.168.1.1"));
    p.add(string(wlan + "SSID", dev -> "Home-" + dev.serial().substring(4)));
    p.add(string(wlan + "BeaconType", "11i"));
    p.add(string(wlan + "BasicEncryptionModes", "None"));
    p.add(string(wlan + "IEEE11iEncryptionModes", "AESEncryption"));
    p.add(string(wlan + "IEEE11iAuthenticationMode", "PSKAuthentication"));
    p.add(string(wlan + "KeyPassphrase", SimDevice::passphrase));
    p.add(bool(wlan + "SSIDAdvertisementEnabled", true));
    p.add(bool(wlan + "WPS.Enable", false));
    p.add(bool(d + "User.1.Enable", true));
    p.add(string(d + "User.1.Username", "admin"));
    p.add(bool(d + "User.1.RemoteAccessCapable", false));
    p.add(bool(d + "UserInterface.PasswordRequired", true));
    p.add(bool(d + "UserInterface.RemoteAccess.Enable", false));
    p.add(unsigned(d + "UserInterface.RemoteAccess.Port", dev -> "8443"));
    p.add(string(d + "UserInterface.RemoteAccess.Protocol", "HTTPS"));
    p.add(string(d + "Firewall.Config", "Typical"));
    p.add(bool(d + "UPnP.Device.Enable", true));
    p.add(bool(d + "UPnP.Device.UPnPIGD", false));
    p.add(string(d + "Time.NTPServer1", NTP));
    p.add(bool(d + "X_" + oui + "_Services.TelnetEnable", false));
    return new ProductLine(
        manufacturer,
        oui,
        productClass,
        DataModel.TR098,
        ppp,
        hardware,
        firmwares,
        new double[] {mainShare, 1 - mainShare},
        List.copyOf(p),
        Paths.of(DataModel.TR098, ppp, oui));
  }
}
