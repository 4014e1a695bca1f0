package io.cpesentinel.detect.config;

import static io.cpesentinel.config.ConfigException.required;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.schema.AcsEventKind;
import io.cpesentinel.schema.Severity;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The security-critical parameters ({@code rules/critical-parameters.yaml}): one canonical name per
 * setting over its TR-098 and TR-181 paths, and the posture rules over those names.
 */
public record ParameterCatalog(List<CriticalParameter> parameters, List<PostureRule> posture)
    implements Serializable {

  public ParameterCatalog {
    required(parameters, "parameters");
    parameters = List.copyOf(parameters);
    posture = posture == null ? List.of() : List.copyOf(posture);
    Set<String> names = new HashSet<>();
    for (CriticalParameter parameter : parameters) {
      if (!names.add(parameter.name())) {
        throw new ConfigException("parameters", "'" + parameter.name() + "' is defined twice");
      }
    }
    Set<String> ids = new HashSet<>();
    for (PostureRule rule : posture) {
      if (!ids.add(rule.id())) {
        throw new ConfigException("posture", "'" + rule.id() + "' is defined twice");
      }
      for (String parameter : rule.when().keySet()) {
        if (!names.contains(parameter)) {
          throw new ConfigException(
              "posture." + rule.id() + ".when", "unknown parameter '" + parameter + "'");
        }
      }
    }
  }

  /** Checks that every allowlist the parameters name exists in {@code config}. */
  public void checkAgainst(DetectionConfig config) {
    for (CriticalParameter parameter : parameters) {
      if (parameter.allowlist() != null) {
        config.allowlist(parameter.allowlist());
      }
    }
  }

  /**
   * One critical setting.
   *
   * @param alert false when changes are recorded but never alerted
   * @param explainedBy the ACS actions that make a change of this parameter expected
   * @param spread whether adoption of one new value by many devices is watched
   * @param allowlist name of the allowlist of expected values, or null
   */
  public record CriticalParameter(
      String name,
      String category,
      Severity severity,
      List<String> paths,
      Boolean alert,
      List<AcsEventKind> explainedBy,
      Boolean spread,
      String allowlist)
      implements Serializable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");

    public CriticalParameter {
      required(name, "name");
      ConfigException.require(
          NAME.matcher(name).matches(),
          "name",
          "'" + name + "': names are lower-case words joined by '.' or '-'");
      required(category, "category");
      required(severity, "severity");
      required(paths, "paths");
      ConfigException.require(!paths.isEmpty(), "paths", "at least one path");
      for (String path : paths) {
        ConfigException.require(
            path.startsWith("InternetGatewayDevice.") || path.startsWith("Device."),
            "paths",
            "'" + path + "' is under neither data-model root");
      }
      paths = List.copyOf(paths);
      alert = alert == null || alert;
      explainedBy =
          explainedBy == null || explainedBy.isEmpty()
              ? List.of(AcsEventKind.SET_PARAMETER_VALUES)
              : List.copyOf(explainedBy);
      spread = spread != null && spread;
    }
  }

  /** A risky setting: all conditions match values of one instance. */
  public record PostureRule(
      String id,
      String title,
      Severity severity,
      Map<String, String> when,
      String recommendedAction)
      implements Serializable {
    public PostureRule {
      required(id, "id");
      required(title, "title");
      required(severity, "severity");
      required(when, "when");
      ConfigException.require(!when.isEmpty(), "when", "at least one condition");
      for (Map.Entry<String, String> condition : when.entrySet()) {
        try {
          Pattern.compile(condition.getValue());
        } catch (PatternSyntaxException e) {
          throw new ConfigException(
              "when." + condition.getKey(), "bad regex: " + e.getMessage(), e);
        }
      }
      when = Map.copyOf(when);
    }
  }
}
