package io.cpesentinel.delivery.quarantine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An operator's instruction to the quarantine hook, as JSON on the commands topic: {@code
 * {"id":"c-1","action":"release","deviceKey":"0012AB-HGW%2D5000-S1","operator":"alice","reason":"false
 * positive"}} or {@code {"id":"c-2","action":"rearm","operator":"alice"}}.
 *
 * @param id the command's own id, so a command read twice acts once; the record's position is used
 *     when absent
 */
public record OperatorCommand(
    String id, Action action, String deviceKey, String operator, String reason) {
  /** What an operator can ask. */
  public enum Action {
    /** Release one device now, whatever the incident says. */
    RELEASE,
    /** Close the breaker after a cap tripped it, so quarantines may resume. */
    REARM
  }

  @JsonCreator
  public OperatorCommand(
      @JsonProperty("id") String id,
      @JsonProperty(value = "action", required = true) Action action,
      @JsonProperty("deviceKey") String deviceKey,
      @JsonProperty(value = "operator", required = true) String operator,
      @JsonProperty("reason") String reason) {
    if (action == Action.RELEASE && (deviceKey == null || deviceKey.isBlank())) {
      throw new IllegalArgumentException("release needs a deviceKey");
    }
    if (operator == null || operator.isBlank()) {
      throw new IllegalArgumentException("operator must name who asks");
    }
    this.id = id;
    this.action = action;
    this.deviceKey = deviceKey;
    this.operator = operator;
    this.reason = reason;
  }
}
