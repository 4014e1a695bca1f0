package io.cpesentinel.jobs.bench;

import io.cpesentinel.schema.AuthOutcome;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.IngestContext;
import io.cpesentinel.schema.IngestMode;
import io.cpesentinel.schema.ParameterValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic TR-181 periodic Informs for benchmarks: the forced parameters plus the ones an ISP
 * typically puts under notification (management server, DNS, two access points, WAN and LAN
 * addressing, counters), 36 parameters in all, over eight product classes and two firmwares.
 */
final class BenchInforms {
  private BenchInforms() {}

  static DeviceId device(int n) {
    return DeviceId.newBuilder()
        .setManufacturer("Acme Networks")
        .setOui("0012AB")
        .setProductClass("HGW-" + (n % 8))
        .setSerialNumber(String.format("SN%010d", n))
        .build();
  }

  static CwmpInform inform(int device, long at, int round) {
    List<ParameterValue> p = new ArrayList<>(40);
    String ip = "198.51." + (device >> 8 & 255) + "." + (device & 255);
    add(p, "Device.RootDataModelVersion", "2.17");
    add(p, "Device.DeviceInfo.HardwareVersion", "HW-" + (device % 3));
    add(p, "Device.DeviceInfo.SoftwareVersion", device % 5 == 0 ? "5.4.1" : "5.5.0");
    add(p, "Device.DeviceInfo.ProvisioningCode", "RES-FTTH");
    add(p, "Device.DeviceInfo.UpTime", String.valueOf(600L * round + device % 600));
    add(p, "Device.DeviceInfo.MemoryStatus.Free", String.valueOf(40_000 + round % 1000));
    add(p, "Device.DeviceInfo.ProcessStatus.CPUUsage", String.valueOf(round % 100));
    add(p, "Device.ManagementServer.ParameterKey", "pk-" + (device % 97));
    add(p, "Device.ManagementServer.ConnectionRequestURL", "http://" + ip + ":7547/cr" + device);
    add(p, "Device.ManagementServer.AliasBasedAddressing", "false");
    add(p, "Device.ManagementServer.URL", "https://acs.isp.example/");
    add(p, "Device.ManagementServer.PeriodicInformEnable", "true");
    add(p, "Device.ManagementServer.PeriodicInformInterval", "600");
    add(p, "Device.DNS.Client.Server.1.DNSServer", "192.0.2.53");
    add(p, "Device.DNS.Client.Server.2.DNSServer", "192.0.2.54");
    add(p, "Device.DHCPv4.Server.Pool.1.DNSServers", "192.168.1.1");
    add(p, "Device.IP.Interface.1.IPv4Address.1.IPAddress", ip);
    add(p, "Device.IP.Interface.1.Stats.BytesSent", String.valueOf(1_000_000L * round));
    add(p, "Device.IP.Interface.1.Stats.BytesReceived", String.valueOf(9_000_000L * round));
    add(p, "Device.IP.Interface.2.IPv4Address.1.IPAddress", "192.168.1.1");
    add(p, "Device.WiFi.SSID.1.SSID", "HOME-" + device);
    add(p, "Device.WiFi.SSID.2.SSID", "HOME-" + device + "-5G");
    add(p, "Device.WiFi.AccessPoint.1.Security.ModeEnabled", "WPA2-Personal");
    add(p, "Device.WiFi.AccessPoint.2.Security.ModeEnabled", "WPA2-Personal");
    add(
        p,
        "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
        "hmac-sha256:" + Integer.toHexString(device * 31));
    add(
        p,
        "Device.WiFi.AccessPoint.2.Security.KeyPassphrase",
        "hmac-sha256:" + Integer.toHexString(device * 37));
    add(p, "Device.WiFi.AccessPoint.1.WPS.Enable", "false");
    add(p, "Device.WiFi.Radio.1.Channel", String.valueOf(1 + device % 11));
    add(p, "Device.WiFi.Radio.2.Channel", "36");
    add(p, "Device.Firewall.Enable", "true");
    add(p, "Device.Firewall.Config", "High");
    add(p, "Device.UserInterface.RemoteAccess.Enable", "false");
    add(p, "Device.Users.User.1.Enable", "true");
    add(p, "Device.Users.User.1.Username", "admin");
    add(p, "Device.Time.NTPServer1", "ntp.isp.example");
    add(p, "Device.Hosts.HostNumberOfEntries", String.valueOf(device % 12));
    return CwmpInform.newBuilder()
        .setEventId(device + "@" + at)
        .setReceivedAt(Instant.ofEpochMilli(at))
        .setDeviceId(device(device))
        .setEvents(List.of(InformEvent.newBuilder().setCode("2 PERIODIC").build()))
        .setCurrentTime(Instant.ofEpochMilli(at).toString())
        .setParameters(p)
        .setDataModel(DataModel.TR181)
        .setCwmpNamespace("urn:dslforum-org:cwmp-1-2")
        .setIngest(
            IngestContext.newBuilder()
                .setSourceIp(ip)
                .setTls(true)
                .setAcsAuth(AuthOutcome.SUCCEEDED)
                .setMode(IngestMode.PROXY)
                .setNode("bench")
                .build())
        .build();
  }

  private static void add(List<ParameterValue> params, String name, String value) {
    params.add(
        ParameterValue.newBuilder().setName(name).setValue(value).setType("xsd:string").build());
  }
}
