package io.cpesentinel.detect;

import io.cpesentinel.detect.ParameterMatcher.Match;
import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.DeviceId;
import io.cpesentinel.schema.DeviceKeys;
import io.cpesentinel.schema.ParameterValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a decoded {@link CwmpInform} into the {@link DeviceInform} the detectors read. The job
 * builds DeviceInforms straight from Kafka values ({@link DeviceInformDecoder}); this is the
 * reference conversion that decoder must agree with, and the one for whoever holds a CwmpInform
 * (tests, tools).
 */
public final class InformSlimmer {
  private final ParameterMatcher matcher;

  public InformSlimmer(Detection detection) {
    this(new ParameterMatcher(detection.catalog().parameters()));
  }

  InformSlimmer(ParameterMatcher matcher) {
    this.matcher = matcher;
  }

  public DeviceInform slim(CwmpInform inform) {
    DeviceInform slim = new DeviceInform();
    DeviceId id = inform.getDeviceId();
    slim.deviceKey = DeviceKeys.of(id);
    slim.eventId = inform.getEventId();
    slim.receivedAt = inform.getReceivedAt().toEpochMilli();
    slim.manufacturer = id.getManufacturer();
    slim.oui = id.getOui();
    slim.productClass = id.getProductClass();
    slim.serialNumber = id.getSerialNumber();
    slim.sourceIp = inform.getIngest() == null ? null : inform.getIngest().getSourceIp();
    slim.eventCodes = inform.getEvents().stream().map(e -> e.getCode()).toArray(String[]::new);
    List<Match> matches = new ArrayList<>();
    List<String> keptPaths = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (ParameterValue value : inform.getParameters()) {
      Match match = matcher.match(value.getName());
      if (match != null) {
        matches.add(match);
        keptPaths.add(matcher.pathToKeep(match, value.getName()));
        values.add(value.getValue());
      }
    }
    slim.setParameters(matches, keptPaths, values);
    return slim;
  }
}
