package io.cpesentinel.sim.cwmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpesentinel.detect.config.ConfigFiles;
import io.cpesentinel.detect.config.ParameterCatalog.CriticalParameter;
import io.cpesentinel.ingest.cwmp.CwmpEnvelope;
import io.cpesentinel.ingest.cwmp.CwmpMessage;
import io.cpesentinel.ingest.cwmp.CwmpParser;
import io.cpesentinel.ingest.cwmp.DataModels;
import io.cpesentinel.ingest.xml.XmlLimits;
import io.cpesentinel.schema.DataModel;
import io.cpesentinel.schema.InformEvent;
import io.cpesentinel.schema.ParameterValue;
import io.cpesentinel.sim.fleet.Fleet;
import io.cpesentinel.sim.fleet.Paths;
import io.cpesentinel.sim.fleet.ProductLine;
import io.cpesentinel.sim.fleet.SimDevice;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the simulated CPEs send is what the ingest's own parser reads back, field for field. */
class CwmpXmlTest {
  private final CwmpParser parser = new CwmpParser(XmlLimits.defaults());
  private final Fleet fleet = new Fleet(40, 30, 0, 1);

  @Test
  void everyProductLineInformParsesBackUnchanged() throws Exception {
    for (ProductLine line : fleet.lines()) {
      SimDevice device =
          fleet.devices().stream().filter(d -> d.line() == line).findFirst().orElseThrow();
      device.set(line.paths().acsUrl(), "http://evil.example/<acs>&\"x\"");
      device.queueEvent("1 BOOT", null);
      device.queueEvent("M Reboot", "reboot-7");
      CwmpMessage.Inform inform =
          new CwmpMessage.Inform(
              device.deviceId(),
              device.takeEvents(true),
              1,
              "2026-05-01T10:00:00Z",
              0,
              device.parameters());

      CwmpEnvelope envelope = parser.parse(CwmpXml.inform("42", inform));

      assertThat(envelope.id()).isEqualTo("42");
      assertThat(envelope.cwmpNamespace()).isEqualTo(CwmpXml.CWMP_1_2);
      CwmpMessage.Inform parsed = (CwmpMessage.Inform) envelope.message();
      assertThat(parsed.deviceId()).isEqualTo(inform.deviceId());
      assertThat(parsed.events())
          .extracting(InformEvent::getCode, InformEvent::getCommandKey)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("1 BOOT", ""),
              org.assertj.core.groups.Tuple.tuple("M Reboot", "reboot-7"),
              org.assertj.core.groups.Tuple.tuple("2 PERIODIC", ""));
      assertThat(parsed.parameters()).isEqualTo(inform.parameters());
      assertThat(DataModels.of(parsed.parameters())).isEqualTo(line.dataModel());
    }
  }

  @Test
  void transferCompleteParses() throws Exception {
    CwmpEnvelope envelope =
        parser.parse(
            CwmpXml.transferComplete(
                "7", "fw-4.2.0", "2026-05-01T10:00:00Z", "2026-05-01T10:01:00Z"));

    CwmpMessage.TransferComplete transfer = (CwmpMessage.TransferComplete) envelope.message();
    assertThat(transfer.commandKey()).isEqualTo("fw-4.2.0");
    assertThat(transfer.completeTime()).isEqualTo("2026-05-01T10:01:00Z");
  }

  @Test
  void productLinesAreTwoOfEachDataModelWithRealisticParameterSets() {
    assertThat(fleet.lines())
        .extracting(ProductLine::dataModel)
        .containsExactly(DataModel.TR181, DataModel.TR181, DataModel.TR098, DataModel.TR098);
    for (ProductLine line : fleet.lines()) {
      assertThat(line.parameters()).hasSizeBetween(30, 60);
      String root = line.dataModel() == DataModel.TR181 ? "Device." : "InternetGatewayDevice.";
      assertThat(line.parameters()).allSatisfy(p -> assertThat(p.name()).startsWith(root));
    }
  }

  /** Every path a scenario changes is a critical parameter of the shipped catalogue. */
  @Test
  void scenarioPathsAreCriticalParameters() throws Exception {
    List<CriticalParameter> catalog = ConfigFiles.defaults().catalog().parameters();
    var matcher = new io.cpesentinel.detect.ParameterMatcher(catalog);
    for (ProductLine line : fleet.lines()) {
      Paths paths = line.paths();
      List<String> changed = new ArrayList<>();
      for (RecordComponent component : Paths.class.getRecordComponents()) {
        String path = (String) component.getAccessor().invoke(paths);
        if (path != null
            && !component.getName().equals("connectionRequestUrl")
            && !component.getName().equals("wanAddress")) {
          changed.add(path);
        }
      }
      for (String path : changed) {
        assertThat(matcher.match(path)).as(path).isNotNull();
        SimDevice device =
            fleet.devices().stream().filter(d -> d.line() == line).findFirst().orElseThrow();
        assertThat(device.parameters()).extracting(ParameterValue::getName).contains(path);
      }
    }
  }
}
