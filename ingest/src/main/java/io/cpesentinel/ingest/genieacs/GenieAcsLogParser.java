package io.cpesentinel.ingest.genieacs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses GenieACS CWMP access-log lines in the formats described in {@code
 * ingest/docs/genieacs-access-log.md}: the default "simple" text format, the JSON format ({@code
 * ACCESS_LOG_FORMAT=json}), each optionally with the systemd priority prefix. Detail values are
 * JSON in both, so they are read with Jackson, never by splitting on spaces.
 */
public final class GenieAcsLogParser {
  private static final Pattern SYSTEMD_PRIORITY = Pattern.compile("^<[0-7]>");
  private static final Pattern SIMPLE =
      Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\S+Z) \\[([A-Z]+)\\] (.*)$");
  private static final Pattern REMOTE = Pattern.compile("^(\\S+?)(?: (\\S+))?: (.*)$");
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]*[0-9A-Fa-f]");
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> ENVELOPE_FIELDS =
      Set.of("timestamp", "severity", "message", "remoteAddress", "deviceId", "user");

  private final ObjectMapper mapper = new ObjectMapper();

  public GenieAcsLogLine parse(String raw) throws RejectedInputException {
    String line = SYSTEMD_PRIORITY.matcher(raw.strip()).replaceFirst("");
    boolean systemd = line.length() != raw.strip().length();
    if (line.startsWith("{")) {
      return parseJson(line);
    }
    if (systemd) {
      return parseText(null, null, line, raw);
    }
    Matcher m = SIMPLE.matcher(line);
    if (!m.matches()) {
      throw unparseable("neither the simple nor the JSON access-log format", raw);
    }
    return parseText(
        instant(m.group(1), raw), m.group(2).toLowerCase(Locale.ROOT), m.group(3), raw);
  }

  private GenieAcsLogLine parseText(Instant time, String severity, String rest, String raw)
      throws RejectedInputException {
    String remoteAddress = null;
    String deviceId = null;
    String body = rest;
    Matcher remote = REMOTE.matcher(rest);
    if (remote.matches()) {
      String first = remote.group(1);
      String address = first.contains("@") ? first.substring(first.indexOf('@') + 1) : first;
      if (ADDRESS.matcher(address).matches()) {
        remoteAddress = address;
        deviceId = remote.group(2);
        body = remote.group(3);
      }
    }
    int meta = body.indexOf("; ");
    String message = meta < 0 ? body : body.substring(0, meta);
    Map<String, String> fields = meta < 0 ? Map.of() : parseDetails(body.substring(meta + 2), raw);
    if (message.isBlank()) {
      throw unparseable("the line has no message", raw);
    }
    return new GenieAcsLogLine(time, severity, remoteAddress, deviceId, message, fields);
  }

  /** {@code key=<JSON> key=<JSON> ...}, as GenieACS writes its details. */
  private Map<String, String> parseDetails(String details, String raw)
      throws RejectedInputException {
    Map<String, String> fields = new LinkedHashMap<>();
    int at = 0;
    while (at < details.length()) {
      int equals = details.indexOf('=', at);
      if (equals < 0 || !KEY.matcher(details.substring(at, equals)).matches()) {
        throw unparseable(
            "details are not key=value pairs at '" + details.substring(at) + "'", raw);
      }
      String key = details.substring(at, equals);
      try (JsonParser json = mapper.createParser(details.substring(equals + 1))) {
        JsonNode value = mapper.readTree(json);
        if (value == null) {
          throw unparseable("detail " + key + " has no value", raw);
        }
        fields.put(key, value.isValueNode() ? value.asText() : value.toString());
        at = equals + 1 + (int) json.currentLocation().getCharOffset();
      } catch (JsonProcessingException e) {
        throw unparseable("detail " + key + " is not a JSON value", raw);
      } catch (IOException e) {
        throw unparseable("detail " + key + " cannot be read: " + e, raw);
      }
      // Jackson may consume the space that ends a number; either way one separator follows.
      boolean separated = at > 0 && details.charAt(at - 1) == ' ';
      while (at < details.length() && details.charAt(at) == ' ') {
        at++;
        separated = true;
      }
      if (at < details.length() && !separated) {
        throw unparseable("details are not separated by spaces", raw);
      }
    }
    return fields;
  }

  private GenieAcsLogLine parseJson(String line) throws RejectedInputException {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      throw unparseable("a JSON line that does not parse", line);
    }
    if (node == null || !node.isObject() || !node.hasNonNull("message")) {
      throw unparseable("a JSON line without a message", line);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ENVELOPE_FIELDS.contains(e.getKey())) {
        fields.put(
            e.getKey(),
            e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
    }
    return new GenieAcsLogLine(
        node.hasNonNull("timestamp") ? instant(node.get("timestamp").asText(), line) : null,
        node.hasNonNull("severity") ? node.get("severity").asText() : null,
        node.hasNonNull("remoteAddress") ? node.get("remoteAddress").asText() : null,
        node.hasNonNull("deviceId") ? node.get("deviceId").asText() : null,
        node.get("message").asText(),
        fields);
  }

  private static Instant instant(String text, String raw) throws RejectedInputException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw unparseable("timestamp '" + text + "' is not ISO-8601", raw);
    }
  }

  private static RejectedInputException unparseable(String why, String raw) {
    String sample = raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
    return new RejectedInputException(RejectReason.LOG_LINE_UNPARSEABLE, why + ": " + sample);
  }
}
