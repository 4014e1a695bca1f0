package io.cpesentinel.detect;

import io.cpesentinel.detect.config.ConfigFiles.Detection;
import io.cpesentinel.schema.CwmpInform;
import io.cpesentinel.schema.ParameterValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps of an Inform only what the detectors read: its identity, events and the critical parameters
 * of the catalogue (without their xsi:type, the CPE's CurrentTime and SupportedCWMPVersions).
 * Informs carry 30–60 parameters, most of them counters; shipping only the few critical ones
 * between operators is what lets the job keep up with the topic (a realistic 2.2 KB TR-181 Inform
 * crosses the keyBy as 1.1 KB).
 */
public final class InformSlimmer {
  private final ParameterMatcher matcher;

  public InformSlimmer(Detection detection) {
    this.matcher = new ParameterMatcher(detection.catalog().parameters());
  }

  public CwmpInform slim(CwmpInform inform) {
    List<ParameterValue> critical = new ArrayList<>();
    for (ParameterValue value : inform.getParameters()) {
      if (matcher.match(value.getName()) != null) {
        critical.add(
            value.getType() == null
                ? value
                : new ParameterValue(value.getName(), value.getValue(), null));
      }
    }
    // A new record sharing the unchanged parts: the input may be seen by other operators.
    return new CwmpInform(
        inform.getEventId(),
        inform.getReceivedAt(),
        inform.getDeviceId(),
        inform.getEvents(),
        inform.getMaxEnvelopes(),
        null,
        inform.getRetryCount(),
        critical,
        inform.getDataModel(),
        inform.getCwmpNamespace(),
        null,
        inform.getIngest());
  }
}
