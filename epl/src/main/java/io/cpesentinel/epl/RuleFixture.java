package io.cpesentinel.epl;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rule's fixture ({@code rules/epl/<rule>.fixture.yaml}): facts at offsets from {@code start},
 * the clock's end ({@code until}), the exact alerts expected, and the devices that are benign
 * look-alikes (they must have facts and must not alert). Read strictly: unknown keys fail.
 */
public record RuleFixture(
    @JsonProperty(required = true) Instant start,
    @JsonProperty(required = true) List<FactSpec> facts,
    @JsonProperty(required = true) Duration until,
    @JsonProperty(required = true) List<Expected> expect,
    List<String> benign) {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public RuleFixture {
    benign = benign == null ? List.of() : benign;
  }

  /** One fact: exactly one of {@code inform}, {@code acs}, {@code finding}. */
  public record FactSpec(
      @JsonProperty(required = true) Duration at, Inform inform, Acs acs, Finding finding) {}

  public record Inform(
      @JsonProperty(required = true) String device,
      List<String> events,
      Map<String, String> values,
      String softwareVersion,
      Long informInterval,
      String sourceIp) {}

  public record Acs(
      @JsonProperty(required = true) String device,
      @JsonProperty(required = true) String kind,
      String method,
      Map<String, String> values,
      String sourceIp) {}

  public record Finding(
      @JsonProperty(required = true) String device,
      String rule,
      String severity,
      String parameter,
      String oldValue,
      String newValue) {}

  /** An alert expected at {@code at} for {@code device}, with exactly these details. */
  public record Expected(
      @JsonProperty(required = true) Duration at,
      @JsonProperty(required = true) String device,
      Map<String, String> details) {
    public Expected {
      details = details == null ? Map.of() : new TreeMap<>(details);
    }
  }

  public static RuleFixture read(Path file) throws IOException {
    try {
      return YAML.readValue(file.toFile(), RuleFixture.class);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** The facts, in the order written (the runner orders them by time). */
  public List<Fact> toFacts() {
    List<Fact> result = new ArrayList<>();
    int index = 0;
    for (FactSpec spec : facts) {
      index++;
      long at = start.plus(spec.at()).toEpochMilli();
      int kinds =
          (spec.inform() != null ? 1 : 0)
              + (spec.acs() != null ? 1 : 0)
              + (spec.finding() != null ? 1 : 0);
      if (kinds != 1) {
        throw new IllegalArgumentException(
            "fact " + index + ": exactly one of inform, acs, finding is required");
      }
      if (spec.inform() != null) {
        Inform i = spec.inform();
        result.add(
            new InformFact(
                i.device(),
                at,
                "fixture-" + index,
                i.events() == null ? List.of() : i.events(),
                i.values() == null ? Map.of() : i.values(),
                i.softwareVersion(),
                i.informInterval(),
                i.sourceIp()));
      } else if (spec.acs() != null) {
        Acs a = spec.acs();
        result.add(
            new AcsEventFact(
                a.device(),
                at,
                "fixture-" + index,
                a.kind(),
                a.method(),
                a.values() == null ? Map.of() : a.values(),
                a.sourceIp()));
      } else {
        Finding f = spec.finding();
        result.add(
            new FindingFact(
                f.device(),
                at,
                "fixture-" + index,
                f.rule() == null ? "critical-parameter-change" : f.rule(),
                f.severity() == null ? "HIGH" : f.severity(),
                f.parameter(),
                f.oldValue(),
                f.newValue()));
      }
    }
    return result;
  }
}
