package io.cpesentinel.epl;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.annotation.Description;
import com.espertech.esper.common.client.annotation.Name;
import com.espertech.esper.common.client.annotation.Tag;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.module.ParseException;
import com.espertech.esper.common.client.util.FilterServiceProfile;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompileExceptionItem;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import com.espertech.esper.runtime.client.EPUndeployException;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link CorrelationEngine} on Esper 9 with an external clock: the caller moves time (event time),
 * so the same facts give the same outputs whether they are replayed from a fixture, a topic or
 * Flink state. One Esper runtime per instance, under a URI the caller makes unique (Esper's runtime
 * registry is JVM-wide).
 *
 * <p>A rule module is a file of EPL statements; exactly one of them, the alert statement, carries
 * the rule's metadata: {@code @Name('<rule id>')}, {@code @Description('...')},
 * {@code @Tag(name='severity', value='INFO|LOW|MEDIUM|HIGH|CRITICAL')}, {@code @Tag(name='version',
 * value='...')}, optionally {@code @Tag(name='title', value='...')} and
 * {@code @Tag(name='quarantine', value='true')}. Each row it selects is one {@link RuleOutput}:
 * column {@code deviceKey} is required, {@code eventIds} (array or collection) becomes evidence,
 * every other column a detail.
 */
public final class EsperCorrelationEngine implements CorrelationEngine {
  private static final Pattern LINE_IN_STATEMENT = Pattern.compile("at line (\\d+)");
  static final Set<String> SEVERITIES = Set.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  private final Configuration configuration;
  private final EPCompiler compiler;
  private final EPRuntime runtime;
  private final Map<String, Deployed> deployed = new LinkedHashMap<>();
  private final List<RuleOutput> outputs = new ArrayList<>();

  private record Deployed(RuleInfo info, String deploymentId, Optional<Set<String>> valuesRead) {}

  /** A runtime named {@code runtimeUri}; its clock starts at 0 and moves only when told. */
  public EsperCorrelationEngine(String runtimeUri) {
    configuration = configuration();
    compiler = EPCompilerProvider.getCompiler();
    runtime = EPRuntimeProvider.getRuntime(runtimeUri, configuration);
    runtime.initialize();
    if (!runtime.getEventService().isExternalClockingEnabled()) {
      runtime.getEventService().clockExternal();
    }
    runtime.getEventService().advanceTime(0);
  }

  static Configuration configuration() {
    Configuration configuration = new Configuration();
    configuration.getCommon().addEventType(Fact.class);
    configuration.getCommon().addEventType(InformFact.class);
    configuration.getCommon().addEventType(AcsEventFact.class);
    configuration.getCommon().addEventType(FindingFact.class);
    configuration.getCommon().addEventType(DeviceForgotten.class);
    configuration
        .getCompiler()
        .addPlugInSingleRowFunction("versionCompare", Versions.class.getName(), "compare");
    configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
    // One thread feeds an engine (one per Flink subtask): statement locks only cost time. Patterns
    // re-arm their filters at every fact of a device (every a -> b), so filters change all the
    // time: the read-write filter service is made for that.
    configuration.getRuntime().getExecution().setDisableLocking(true);
    configuration
        .getRuntime()
        .getExecution()
        .setFilterServiceProfile(FilterServiceProfile.READWRITE);
    configuration.getRuntime().getThreading().setListenerDispatchPreserveOrder(false);
    configuration.getRuntime().getThreading().setInsertIntoDispatchPreserveOrder(false);
    configuration.getCommon().getLogging().setEnableQueryPlan(false);
    return configuration;
  }

  @Override
  public RuleInfo deploy(RuleModule module) throws RuleRejectedException {
    EPCompiled compiled = compile(module);
    EPDeployment deployment;
    try {
      deployment = runtime.getDeploymentService().deploy(compiled);
    } catch (EPDeployException e) {
      throw new RuleRejectedException(module.source() + ": cannot deploy: " + e.getMessage(), e);
    }
    RuleInfo info;
    EPStatement alertStatement;
    try {
      alertStatement = alertStatement(module, deployment.getStatements());
      info = metadata(module, alertStatement);
    } catch (RuleRejectedException e) {
      undeploy(deployment.getDeploymentId());
      throw e;
    }
    RuleInfo rule = info;
    alertStatement.addListener(
        (newEvents, oldEvents, statement, rt) -> collect(rule, newEvents, statement));
    Deployed previous =
        deployed.put(
            module.ruleId(),
            new Deployed(info, deployment.getDeploymentId(), ValuesRead.in(module.epl())));
    if (previous != null) {
      undeploy(previous.deploymentId());
    }
    return info;
  }

  private EPCompiled compile(RuleModule module) throws RuleRejectedException {
    try {
      Module parsed = compiler.parseModule(module.epl());
      parsed.setName(null);
      return compiler.compile(parsed, new CompilerArguments(configuration));
    } catch (ParseException | IOException e) {
      throw new RuleRejectedException(module.source() + ": " + e.getMessage(), e);
    } catch (EPCompileException e) {
      throw new RuleRejectedException(compileError(module, e), e);
    }
  }

  /** "file:line: message" for the first failing statement. */
  private static String compileError(RuleModule module, EPCompileException e) {
    List<EPCompileExceptionItem> items = e.getItems();
    if (items == null || items.isEmpty()) {
      return module.source() + ": " + e.getMessage();
    }
    EPCompileExceptionItem item = items.get(0);
    // The item's line is where the statement starts in the module; its message counts lines
    // from there ("... at line 3 column 37"): together they are the line in the file.
    int line = item.getLineNumber();
    Matcher within = LINE_IN_STATEMENT.matcher(item.getMessage());
    if (line > 0 && within.find()) {
      line += Integer.parseInt(within.group(1)) - 1;
    }
    return module.source() + (line > 0 ? ":" + line : "") + ": " + item.getMessage();
  }

  private static EPStatement alertStatement(RuleModule module, EPStatement[] statements)
      throws RuleRejectedException {
    EPStatement found = null;
    for (EPStatement statement : statements) {
      if (tag(statement.getAnnotations(), "severity") != null) {
        if (found != null) {
          throw new RuleRejectedException(
              module.source()
                  + ": more than one statement has a severity tag; one module is one rule");
        }
        found = statement;
      }
    }
    if (found == null) {
      throw new RuleRejectedException(
          module.source()
              + ": no alert statement (the statement whose rows are alerts carries"
              + " @Tag(name='severity', value='...'))");
    }
    return found;
  }

  private static RuleInfo metadata(RuleModule module, EPStatement statement)
      throws RuleRejectedException {
    Annotation[] annotations = statement.getAnnotations();
    String name = null;
    String description = null;
    for (Annotation annotation : annotations) {
      if (annotation instanceof Name n) {
        name = n.value();
      } else if (annotation instanceof Description d) {
        description = d.value();
      }
    }
    String where = module.source() + ": alert statement: ";
    if (!module.ruleId().equals(name)) {
      throw new RuleRejectedException(
          where + "@Name('" + module.ruleId() + "') expected (the rule id), found " + name);
    }
    if (description == null || description.isBlank()) {
      throw new RuleRejectedException(where + "@Description('...') is required");
    }
    String severity = tag(annotations, "severity");
    if (!SEVERITIES.contains(severity)) {
      throw new RuleRejectedException(
          where + "severity '" + severity + "' is not one of INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }
    String version = tag(annotations, "version");
    if (version == null || version.isBlank()) {
      throw new RuleRejectedException(where + "@Tag(name='version', value='...') is required");
    }
    if (module.version() != null
        && !module.version().isBlank()
        && !module.version().equals(version)) {
      throw new RuleRejectedException(
          where + "published as version " + module.version() + " but declares version " + version);
    }
    String quarantine = tag(annotations, "quarantine");
    if (quarantine != null && !quarantine.equals("true") && !quarantine.equals("false")) {
      throw new RuleRejectedException(where + "quarantine tag must be 'true' or 'false'");
    }
    if (!List.of(statement.getEventType().getPropertyNames()).contains("deviceKey")) {
      throw new RuleRejectedException(where + "must select a column named deviceKey");
    }
    String title = tag(annotations, "title");
    return new RuleInfo(
        name,
        version,
        severity,
        title != null ? title : description,
        description,
        "true".equals(quarantine));
  }

  private static String tag(Annotation[] annotations, String tagName) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof Tag tag && tag.name().equals(tagName)) {
        return tag.value();
      }
    }
    return null;
  }

  private void collect(RuleInfo rule, EventBean[] rows, EPStatement statement) {
    if (rows == null) {
      return;
    }
    long now = runtime.getEventService().getCurrentTime();
    String[] columns = statement.getEventType().getPropertyNames();
    for (EventBean row : rows) {
      Object deviceKey = row.get("deviceKey");
      if (deviceKey == null) {
        continue;
      }
      SortedMap<String, String> details = new TreeMap<>();
      List<String> eventIds = new ArrayList<>();
      for (String column : columns) {
        Object value = row.get(column);
        if (column.equals("deviceKey") || value == null) {
          continue;
        }
        if (column.equals("eventIds")) {
          addAll(eventIds, value);
        } else {
          details.put(column, String.valueOf(value));
        }
      }
      outputs.add(new RuleOutput(rule, deviceKey.toString(), now, details, eventIds));
    }
  }

  private static void addAll(List<String> into, Object value) {
    if (value instanceof Collection<?> collection) {
      collection.forEach(v -> addIfText(into, v));
    } else if (value.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        addIfText(into, Array.get(value, i));
      }
    } else {
      addIfText(into, value);
    }
  }

  private static void addIfText(List<String> into, Object value) {
    if (value != null && !value.toString().isEmpty() && !into.contains(value.toString())) {
      into.add(value.toString());
    }
  }

  private void undeploy(String deploymentId) {
    try {
      runtime.getDeploymentService().undeploy(deploymentId);
    } catch (EPUndeployException e) {
      throw new IllegalStateException("cannot undeploy " + deploymentId, e);
    }
  }

  @Override
  public boolean disable(String ruleId) {
    Deployed previous = deployed.remove(ruleId);
    if (previous == null) {
      return false;
    }
    undeploy(previous.deploymentId());
    return true;
  }

  @Override
  public Optional<Set<String>> valuesRead() {
    Set<String> names = new TreeSet<>();
    for (Deployed rule : deployed.values()) {
      if (rule.valuesRead().isEmpty()) {
        return Optional.empty();
      }
      names.addAll(rule.valuesRead().get());
    }
    return Optional.of(Set.copyOf(names));
  }

  @Override
  public Collection<RuleInfo> rules() {
    return deployed.values().stream().map(Deployed::info).toList();
  }

  @Override
  public void advanceTo(long time) {
    // Step through every schedule due on the way, so what fires sees its own time, not the
    // target's (a rule timer due at 10:26 fires at 10:26 even when the next fact is at 10:30).
    EPEventService events = runtime.getEventService();
    Long next = events.getNextScheduledTime();
    while (next != null && next <= time && next > events.getCurrentTime()) {
      events.advanceTime(next);
      next = events.getNextScheduledTime();
    }
    if (time > events.getCurrentTime()) {
      events.advanceTime(time);
    }
  }

  @Override
  public void feed(Fact fact) {
    advanceTo(fact.getAt());
    runtime.getEventService().sendEventBean(fact, fact.getClass().getSimpleName());
  }

  @Override
  public long currentTime() {
    return runtime.getEventService().getCurrentTime();
  }

  @Override
  public List<RuleOutput> drain() {
    if (outputs.isEmpty()) {
      return List.of();
    }
    List<RuleOutput> drained = List.copyOf(outputs);
    outputs.clear();
    return drained;
  }

  @Override
  public void close() {
    runtime.destroy();
  }
}
