package io.cpesentinel.detect;

import io.cpesentinel.detect.config.ParameterCatalog.CriticalParameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a parameter path as a device sent it to its catalogue entry and instance, e.g. {@code
 * Device.DNS.Client.Server.2.DNSServer} to {@code dns.wan-server} instance {@code 2}. Informs carry
 * 30–60 parameters at tens of thousands per second, so candidates are looked up by the path's last
 * segment and only those few patterns are tried.
 */
public final class ParameterMatcher {
  private final Map<String, List<Entry>> byLeaf = new HashMap<>();
  private final List<Entry> wildcardLeaf = new ArrayList<>();

  /** A path resolved to its parameter; {@code instance} is "" for single-instance settings. */
  public record Match(CriticalParameter parameter, String instance) {
    /** Key of this setting in device state: canonical name plus instance. */
    public String key() {
      return instance.isEmpty() ? parameter.name() : parameter.name() + "#" + instance;
    }
  }

  private record Entry(CriticalParameter parameter, Pattern pattern) {}

  public ParameterMatcher(List<CriticalParameter> parameters) {
    for (CriticalParameter parameter : parameters) {
      for (String path : parameter.paths()) {
        Entry entry = new Entry(parameter, compile(path));
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        if (leaf.contains("{") || leaf.contains("*")) {
          wildcardLeaf.add(entry);
        } else {
          byLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(entry);
        }
      }
    }
  }

  /** The catalogue entry for {@code path}, or null when it is not a critical parameter. */
  public Match match(String path) {
    String leaf = path.substring(path.lastIndexOf('.') + 1);
    Match match = firstMatch(byLeaf.get(leaf), path);
    return match != null ? match : firstMatch(wildcardLeaf, path);
  }

  private static Match firstMatch(List<Entry> entries, String path) {
    if (entries == null) {
      return null;
    }
    for (Entry entry : entries) {
      Matcher matcher = entry.pattern.matcher(path);
      if (matcher.matches()) {
        StringBuilder instance = new StringBuilder();
        for (int group = 1; group <= matcher.groupCount(); group++) {
          if (instance.length() > 0) {
            instance.append('.');
          }
          instance.append(matcher.group(group));
        }
        return new Match(entry.parameter, instance.toString());
      }
    }
    return null;
  }

  /** {@code {i}} is an instance number (captured), {@code *} any text inside one segment. */
  static Pattern compile(String path) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      if (path.startsWith("{i}", i)) {
        regex.append("(\\d+)");
        i += 3;
      } else if (path.charAt(i) == '*') {
        regex.append("[^.]*");
        i++;
      } else {
        int next = i;
        while (next < path.length() && path.charAt(next) != '*' && !path.startsWith("{i}", next)) {
          next++;
        }
        regex.append(Pattern.quote(path.substring(i, next)));
        i = next;
      }
    }
    return Pattern.compile(regex.toString());
  }
}
