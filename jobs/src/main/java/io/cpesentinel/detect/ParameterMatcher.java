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
 * segment and only those few patterns are tried, and the answer for a path is remembered: a fleet
 * sends the same few hundred paths over and over. The memory is bounded ({@link #MEMO_CAPACITY}
 * paths; beyond it paths are matched each time) and per instance, not static.
 */
public final class ParameterMatcher {
  static final int MEMO_CAPACITY = 50_000;
  private static final Match NO_MATCH = new Match(null, -1, "", "");

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, List<Entry>> byLeaf = new HashMap<>();
  private final List<Entry> wildcardLeaf = new ArrayList<>();
  private final Map<String, Match> memo = new HashMap<>();
  private final List<Map<String, Match>> byInstance = new ArrayList<>();
  private int byInstanceSize;

  /**
   * A path resolved to its parameter: {@code pattern} numbers the catalogue path it matched (the
   * same number in every task built from the same catalogue), {@code instance} is "" for
   * single-instance settings, {@code key} the setting's key in device state (canonical name, plus
   * "#" and the instance if any).
   */
  public record Match(CriticalParameter parameter, int pattern, String instance, String key) {
    static Match of(CriticalParameter parameter, int pattern, String instance) {
      return new Match(
          parameter,
          pattern,
          instance,
          instance.isEmpty() ? parameter.name() : parameter.name() + "#" + instance);
    }
  }

  private record Entry(CriticalParameter parameter, int index, String path, Pattern pattern) {
    /** Without a {@code *}, the path is the pattern with its instance numbers filled in. */
    boolean expandable() {
      return path.indexOf('*') < 0;
    }
  }

  public ParameterMatcher(List<CriticalParameter> parameters) {
    for (CriticalParameter parameter : parameters) {
      for (String path : parameter.paths()) {
        Entry entry = new Entry(parameter, entries.size(), path, compile(path));
        entries.add(entry);
        byInstance.add(new HashMap<>());
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
    Match known = memo.get(path);
    if (known == null) {
      known = resolve(path);
      if (memo.size() < MEMO_CAPACITY) {
        memo.put(path, known);
      }
    }
    return known == NO_MATCH ? null : known;
  }

  /**
   * The match a path of catalogue pattern {@code pattern} with instance {@code instance} resolved
   * to (see {@link Match#pattern}), for a task that received the two numbers instead of the path.
   */
  public Match match(int pattern, String instance) {
    Entry entry = entries.get(pattern);
    Map<String, Match> known = byInstance.get(pattern);
    Match match = known.get(instance);
    if (match == null) {
      match = Match.of(entry.parameter, pattern, instance);
      if (byInstanceSize < MEMO_CAPACITY) {
        known.put(instance, match);
        byInstanceSize++;
      }
    }
    return match;
  }

  /** {@code path} if it must travel with its match ({@link #path} cannot rebuild it), else null. */
  public String pathToKeep(Match match, String path) {
    return entries.get(match.pattern()).expandable() ? null : path;
  }

  /**
   * The path a device sent for {@code pattern} and {@code instance}: the catalogue path with its
   * {@code {i}} filled in, in order, by the instance's numbers.
   *
   * @throws IllegalArgumentException for a pattern with a {@code *}: its paths cannot be rebuilt
   */
  public String path(int pattern, String instance) {
    Entry entry = entries.get(pattern);
    if (!entry.expandable()) {
      throw new IllegalArgumentException(entry.path + " has a wildcard: its paths must be kept");
    }
    if (instance.isEmpty()) {
      return entry.path;
    }
    String[] numbers = instance.split("\\.");
    StringBuilder path = new StringBuilder(entry.path.length() + instance.length());
    int from = 0;
    for (String number : numbers) {
      int at = entry.path.indexOf("{i}", from);
      path.append(entry.path, from, at).append(number);
      from = at + 3;
    }
    return path.append(entry.path, from, entry.path.length()).toString();
  }

  private Match resolve(String path) {
    String leaf = path.substring(path.lastIndexOf('.') + 1);
    Match match = firstMatch(byLeaf.get(leaf), path);
    if (match == null) {
      match = firstMatch(wildcardLeaf, path);
    }
    return match == null ? NO_MATCH : match;
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
        return Match.of(entry.parameter, entry.index, instance.toString());
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
