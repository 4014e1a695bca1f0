package io.cpesentinel.detect;

import io.cpesentinel.detect.ParameterMatcher.Match;
import java.util.List;

/**
 * What the detectors read of one Inform: who sent it, when, its event codes, and its critical
 * parameters only, each as the catalogue pattern it matched and its instance (see {@link
 * ParameterMatcher#match(int, String)}) rather than its path. An Inform carries 30–60 parameters,
 * mostly counters and ~70-character paths; this is what crosses the job's keyBy instead (a 2.2 KB
 * TR-181 Inform becomes ~300 bytes), and it is built straight from the Kafka value by {@link
 * DeviceInformDecoder}.
 *
 * <p>Flat arrays and public fields, serialized in the job by its own Flink serializer; never kept
 * in state, so its layout may change freely between releases.
 */
public class DeviceInform {
  /** The device key ({@link io.cpesentinel.schema.DeviceKeys}), the key of the keyBy. */
  public String deviceKey;

  public String eventId;

  /** When the ingest received the Inform (the event time), epoch milliseconds. */
  public long receivedAt;

  public String manufacturer;
  public String oui;
  public String productClass;
  public String serialNumber;

  /** The peer address of the CPE's session, or null. */
  public String sourceIp;

  /** The EventCodes in the order sent, e.g. {@code 1 BOOT}. */
  public String[] eventCodes = new String[0];

  /** Per critical parameter: the catalogue pattern it matched ({@link Match#pattern}). */
  public int[] patterns = new int[0];

  /** Per critical parameter: its instance numbers ({@link Match#instance}). */
  public String[] instances = new String[0];

  /**
   * Per critical parameter: its path when the pattern cannot rebuild it ({@link
   * ParameterMatcher#pathToKeep}, vendor wildcards), else null.
   */
  public String[] paths = new String[0];

  /** Per critical parameter: its value as sent. */
  public String[] values = new String[0];

  public DeviceInform() {}

  /**
   * Sets the critical parameters: for each, its match, the path it came with if {@link
   * ParameterMatcher#pathToKeep} keeps it, and its value.
   */
  public void setParameters(List<Match> matches, List<String> keptPaths, List<String> values) {
    int n = matches.size();
    patterns = new int[n];
    instances = new String[n];
    for (int i = 0; i < n; i++) {
      patterns[i] = matches.get(i).pattern();
      instances[i] = matches.get(i).instance();
    }
    paths = keptPaths.toArray(String[]::new);
    this.values = values.toArray(String[]::new);
  }

  /** Number of critical parameters. */
  public int size() {
    return patterns.length;
  }

  /** The catalogue match of critical parameter {@code i}. */
  public Match match(int i, ParameterMatcher matcher) {
    return matcher.match(patterns[i], instances[i]);
  }

  /** The path the device sent for critical parameter {@code i}. */
  public String path(int i, ParameterMatcher matcher) {
    return paths[i] != null ? paths[i] : matcher.path(patterns[i], instances[i]);
  }

  /** True when the Inform carried event code {@code code}. */
  public boolean hasEvent(String code) {
    for (String eventCode : eventCodes) {
      if (eventCode.equals(code)) {
        return true;
      }
    }
    return false;
  }
}
