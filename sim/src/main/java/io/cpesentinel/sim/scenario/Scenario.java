package io.cpesentinel.sim.scenario;

import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.Paths;
import io.cpesentinel.sim.fleet.ProductLine;
import io.cpesentinel.sim.fleet.Region;
import io.cpesentinel.sim.fleet.SimDevice;
import io.cpesentinel.sim.transport.AcsAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The incidents the simulator can inject (attacks an analyst must be alerted to) and their benign
 * look-alikes (which must not alert). Each takes devices no other scenario took, so every alert can
 * be traced to one scenario. {@code scale} multiplies the default size.
 */
public enum Scenario {
  CREDENTIAL_STUFFING(
      "credential-stuffing",
      Kind.ATTACK,
      "one address fails CWMP authentication as 40% of one cohort") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      ProductLine line = ctx.fleet().lines().get(1);
      List<SimDevice> cohort = cohortOf(ctx, line, line.mainFirmware());
      int count = Math.max(25, (int) Math.round(0.4 * scale * cohort.size()));
      List<SimDevice> victims = ctx.take(inCohort(line, line.mainFirmware()), count);
      for (SimDevice device : victims) {
        for (int attempt = 0; attempt < 2; attempt++) {
          long at = ctx.now() + ctx.random().nextLong(20_000);
          String key = device.key();
          ctx.at(
              at,
              () -> ctx.acs(AcsAction.authFailure(Instant.ofEpochMilli(at), key, STUFFER, key)));
        }
        out.device(device);
      }
      String cohortKey = ctx.cohortKey(cohort.get(0));
      out.cohort(cohortKey).sourceIp(STUFFER);
      out.expect("auth-burst-source-ip", STUFFER).expect("auth-failure-spike", cohortKey);
      return out.build();
    }
  },
  ACS_URL_HIJACK(
      "acs-url-hijack",
      Kind.ATTACK,
      "a few devices get a plain-HTTP ACS URL nobody sent, then inform another ACS") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(1, (int) Math.round(3 * scale));
      List<SimDevice> victims = spreadOverLines(ctx, count);
      long at = ctx.now();
      for (SimDevice device : victims) {
        at += 2_000;
        ctx.at(
            at,
            () -> {
              device.set(device.line().paths().acsUrl(), ROGUE_ACS);
              device.queueEvent("4 VALUE CHANGE", null);
              ctx.informNow(device);
              device.goDark(); // its next sessions go to the rogue ACS
            });
        out.device(device)
            .expect("critical-parameter-change", device.key())
            .expect("acs-hijack-gone-dark", device.key());
      }
      return out.campaign("acs.url=" + ROGUE_ACS).build();
    }
  },
  GHOSTDNS(
      "ghostdns",
      Kind.ATTACK,
      "a DNS-changer campaign: one foreign resolver on devices of every line") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(10, (int) Math.round(12 * scale));
      for (SimDevice device : spreadOverLines(ctx, count)) {
        ctx.at(
            ctx.now() + ctx.random().nextLong(20_000),
            () -> {
              device.set(device.line().paths().wanDns(), EVIL_DNS);
              device.set(device.line().paths().lanDns(), EVIL_DNS);
              device.queueEvent("4 VALUE CHANGE", null);
              ctx.informNow(device);
            });
        out.device(device).expect("critical-parameter-change", device.key());
      }
      out.campaign("dns.wan-server=" + EVIL_DNS).campaign("dns.lan-dhcp-servers=" + EVIL_DNS);
      return out.expect("fleet-spread", "dns.wan-server=" + EVIL_DNS).build();
    }
  },
  MIRAI_MASS_REBOOT(
      "mirai-mass-reboot",
      Kind.ATTACK,
      "half of one model+firmware reboots within seconds, no ACS reboot behind it") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      ProductLine line = ctx.fleet().lines().get(0);
      List<SimDevice> cohort = cohortOf(ctx, line, line.mainFirmware());
      int count = (int) Math.round(Math.min(0.9, 0.5 * scale) * cohort.size());
      for (SimDevice device : ctx.take(inCohort(line, line.mainFirmware()), count)) {
        ctx.at(
            ctx.now() + ctx.random().nextLong(10_000),
            () -> {
              device.queueEvent("1 BOOT", null);
              ctx.informNow(device);
            });
        out.device(device);
      }
      String cohortKey = ctx.cohortKey(cohort.get(0));
      return out.cohort(cohortKey).expect("mass-reboot", cohortKey).build();
    }
  },
  TELNET_WAN_UI(
      "telnet-wan-ui",
      Kind.ATTACK,
      "Telnet and the WAN web UI switched on, no ACS task behind it") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(1, (int) Math.round(4 * scale));
      for (SimDevice device : spreadOverLines(ctx, count)) {
        ctx.at(
            ctx.now() + ctx.random().nextLong(10_000),
            () -> {
              device.set(device.line().paths().telnet(), "true");
              device.set(device.line().paths().remoteAccess(), "true");
              device.queueEvent("4 VALUE CHANGE", null);
              ctx.informNow(device);
            });
        out.device(device)
            .expect("posture.telnet-enabled", device.key())
            .expect("posture.wan-web-ui", device.key());
      }
      return out.build();
    }
  },
  WIFI_DOWNGRADE(
      "wifi-downgrade", Kind.ATTACK, "Wi-Fi security set to open, no ACS task behind it") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(1, (int) Math.round(4 * scale));
      for (SimDevice device : spreadOverLines(ctx, count)) {
        Paths paths = device.line().paths();
        boolean tr181 = device.line().dataModel() == DataModel.TR181;
        ctx.at(
            ctx.now() + ctx.random().nextLong(10_000),
            () -> {
              if (tr181) {
                device.set(paths.wifiMode(), "None");
              } else {
                device.set(paths.wifiMode(), "Basic");
                device.set(paths.wifiEncryption(), "None");
              }
              device.queueEvent("4 VALUE CHANGE", null);
              ctx.informNow(device);
            });
        out.device(device)
            .expect("critical-parameter-change", device.key())
            .expect(
                tr181 ? "posture.wifi-open-or-wep-tr181" : "posture.wifi-open-or-wep-tr098",
                device.key());
      }
      return out.build();
    }
  },
  ROGUE_FIRMWARE(
      "rogue-firmware", Kind.ATTACK, "firmware flashed and booted without an ACS Download") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(1, (int) Math.round(3 * scale));
      for (SimDevice device : spreadOverLines(ctx, count)) {
        ctx.at(
            ctx.now() + ctx.random().nextLong(10_000),
            () -> {
              device.setFirmware(device.firmware() + "-mod");
              device.queueEvent("1 BOOT", null);
              ctx.informNow(device);
            });
        out.device(device).expect("critical-parameter-change", device.key());
      }
      return out.build();
    }
  },
  FIRMWARE_ROLLOUT(
      "firmware-rollout",
      Kind.BENIGN,
      "planned upgrade of half a cohort: ACS Download, then boot with TRANSFER COMPLETE") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      ProductLine line = ctx.fleet().lines().get(2);
      String from = line.firmwares().get(1);
      String to = line.mainFirmware();
      List<SimDevice> cohort = cohortOf(ctx, line, from);
      int count = (int) Math.round(Math.min(1.0, 0.5 * scale) * cohort.size());
      String commandKey = "fw-" + to + "-" + (ctx.now() / 1000 % 100_000);
      String url = "https://fw.isp.example/" + line.productClass() + "-" + to + ".bin";
      out.cohort(ctx.cohortKey(cohort.get(0)));
      for (SimDevice device : ctx.take(inCohort(line, from), count)) {
        long sent = ctx.now() + ctx.random().nextLong(20_000);
        long booted = sent + 5_000 + ctx.random().nextLong(10_000);
        String key = device.key();
        ctx.at(
            sent,
            () -> ctx.acs(AcsAction.download(Instant.ofEpochMilli(sent), key, commandKey, url)));
        ctx.at(
            booted,
            () -> {
              device.setFirmware(to);
              device.queueEvent("1 BOOT", null);
              device.queueEvent("7 TRANSFER COMPLETE", null);
              device.queueEvent("M Download", commandKey);
              device.queueTransferComplete(commandKey);
              ctx.informNow(device);
            });
        out.device(device);
      }
      if (!cohort.isEmpty()) {
        SimDevice sample = cohort.get(0);
        String old = sample.firmware();
        sample.setFirmware(to);
        out.cohort(ctx.cohortKey(sample));
        sample.setFirmware(old);
      }
      return out.build();
    }
  },
  POWER_OUTAGE(
      "power-outage",
      Kind.BENIGN,
      "a region loses power for 20 s: every cohort's devices there boot at once") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      Region region = ctx.fleet().regions().get(1);
      long back = ctx.now() + 20_000;
      long inRegion = ctx.fleet().devices().stream().filter(d -> d.region().equals(region)).count();
      List<SimDevice> hit =
          ctx.take(
              d -> d.region().equals(region), (int) Math.round(Math.min(1.0, scale) * inRegion));
      for (SimDevice device : hit) {
        device.powerOffUntil(back);
        ctx.at(
            back + ctx.random().nextLong(15_000),
            () -> {
              device.queueEvent("1 BOOT", null);
              ctx.informNow(device);
            });
        out.device(device).cohort(ctx.cohortKey(device));
      }
      return out.build();
    }
  },
  ACS_DNS_CHANGE(
      "acs-dns-change",
      Kind.BENIGN,
      "the ACS moves devices to a new resolver (SetParameterValues, then the value change)") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(12, (int) Math.round(15 * scale));
      String parameterKey = "dns-migration-" + (ctx.now() / 1000 % 100_000);
      for (SimDevice device : spreadOverLines(ctx, count)) {
        Paths paths = device.line().paths();
        long sent = ctx.now() + ctx.random().nextLong(10_000);
        String key = device.key();
        ctx.at(
            sent,
            () ->
                ctx.acs(
                    AcsAction.setParameterValues(
                        Instant.ofEpochMilli(sent),
                        key,
                        parameterKey,
                        List.of(new ParameterValue(paths.wanDns(), NEW_ISP_DNS, "xsd:string")))));
        ctx.at(
            sent + 2_000,
            () -> {
              device.set(paths.wanDns(), NEW_ISP_DNS);
              device.set(paths.parameterKey(), parameterKey);
              device.queueEvent("4 VALUE CHANGE", null);
              ctx.informNow(device);
            });
        out.device(device);
      }
      return out.campaign("dns.wan-server=" + NEW_ISP_DNS).build();
    }
  },
  WIFI_PASSWORD_CHANGE(
      "wifi-password-change",
      Kind.BENIGN,
      "customers change their Wi-Fi passphrase on the gateway's own UI") {
    @Override
    Injection inject(ScenarioContext ctx, double scale, Builder out) {
      int count = Math.max(5, (int) Math.round(0.05 * scale * ctx.fleet().devices().size()));
      for (SimDevice device : ctx.take(d -> true, count)) {
        ctx.at(
            ctx.now() + ctx.random().nextLong(30_000),
            () -> {
              device.setPassphrase("customer-" + Long.toHexString(ctx.random().nextLong()));
              device.queueEvent("4 VALUE CHANGE", null);
              ctx.informNow(device);
            });
        out.device(device);
      }
      return out.build();
    }
  };

  /** Attack: must alert. Benign: a look-alike that must not. */
  public enum Kind {
    ATTACK,
    BENIGN
  }

  public static final String STUFFER = "203.0.113.200";
  public static final String ROGUE_ACS = "http://203.0.113.66:7547/acs";
  public static final String EVIL_DNS = "203.0.113.99";
  public static final String NEW_ISP_DNS = "198.51.100.53";

  private final String id;
  private final Kind kind;
  private final String description;

  Scenario(String id, Kind kind, String description) {
    this.id = id;
    this.kind = kind;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  /** Injects the scenario now; returns its ground truth. */
  public Injection inject(ScenarioContext ctx, int atSecond, double scale) {
    return inject(ctx, scale, new Builder(this, atSecond, scale, ctx.now()));
  }

  abstract Injection inject(ScenarioContext ctx, double scale, Builder out);

  public static Scenario byId(String id) {
    for (Scenario scenario : values()) {
      if (scenario.id.equals(id.toLowerCase(Locale.ROOT))) {
        return scenario;
      }
    }
    List<String> known = new ArrayList<>();
    for (Scenario scenario : values()) {
      known.add(scenario.id);
    }
    throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + known);
  }

  private static List<SimDevice> cohortOf(ScenarioContext ctx, ProductLine line, String firmware) {
    List<SimDevice> cohort = new ArrayList<>();
    for (SimDevice device : ctx.fleet().devices()) {
      if (device.line() == line && device.firmware().equals(firmware)) {
        cohort.add(device);
      }
    }
    if (cohort.isEmpty()) {
      throw new IllegalStateException(
          "no device of " + line.productClass() + " " + firmware + ": the fleet is too small");
    }
    return cohort;
  }

  private static java.util.function.Predicate<SimDevice> inCohort(
      ProductLine line, String firmware) {
    return d -> d.line() == line && d.firmware().equals(firmware);
  }

  /** {@code count} devices, taken from the product lines in turn. */
  private static List<SimDevice> spreadOverLines(ScenarioContext ctx, int count) {
    List<SimDevice> chosen = new ArrayList<>();
    Fleet fleet = ctx.fleet();
    for (int i = 0; chosen.size() < count && i < count * 4; i++) {
      ProductLine line = fleet.lines().get(i % fleet.lines().size());
      chosen.addAll(ctx.take(d -> d.line() == line, 1));
    }
    return chosen;
  }

  /** Collects an injection's subjects and expectations. */
  static final class Builder {
    private final Scenario scenario;
    private final int atSecond;
    private final double scale;
    private final long injectedAt;
    private final Set<String> devices = new LinkedHashSet<>();
    private final Set<String> cohorts = new LinkedHashSet<>();
    private final Set<String> sourceIps = new LinkedHashSet<>();
    private final Set<String> campaigns = new LinkedHashSet<>();
    private final List<Expectation> expected = new ArrayList<>();

    Builder(Scenario scenario, int atSecond, double scale, long injectedAt) {
      this.scenario = scenario;
      this.atSecond = atSecond;
      this.scale = scale;
      this.injectedAt = injectedAt;
    }

    Builder device(SimDevice device) {
      devices.add(device.key());
      return this;
    }

    Builder cohort(String key) {
      cohorts.add(key);
      return this;
    }

    Builder sourceIp(String ip) {
      sourceIps.add(ip);
      return this;
    }

    Builder campaign(String key) {
      campaigns.add(key);
      return this;
    }

    Builder expect(String rule, String subject) {
      if (scenario.kind == Kind.BENIGN) {
        throw new IllegalStateException(scenario.id + ": a benign scenario expects no alert");
      }
      expected.add(new Expectation(rule, subject));
      return this;
    }

    Injection build() {
      return new Injection(
          scenario.id,
          scenario.kind,
          scenario.description,
          atSecond,
          scale,
          injectedAt,
          List.copyOf(devices),
          List.copyOf(cohorts),
          List.copyOf(sourceIps),
          List.copyOf(campaigns),
          List.copyOf(expected));
    }
  }
}
