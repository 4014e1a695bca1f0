package io.cpesentinel.delivery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fields an index template shipped by {@code deploy/} maps, read from the class path, so tests
 * can check that what the code writes, and what Kibana objects reference, is mapped.
 */
public final class TemplateFields {
  private final JsonNode properties;

  private TemplateFields(JsonNode properties) {
    this.properties = properties;
  }

  public static TemplateFields of(String templateName) {
    String resource = "elasticsearch/" + templateName + ".index-template.json";
    try (InputStream in = TemplateFields.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the test class path");
      }
      return new TemplateFields(
          new ObjectMapper().readTree(in).at("/template/mappings/properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The mapping type of a dotted field path ({@code cpe.cohort.region} inside a flattened field is
   * the flattened field's type), or null when the template does not map it.
   */
  public String typeOf(String path) {
    JsonNode level = properties;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      JsonNode field = level.get(parts[i]);
      if (field == null) {
        // a multi-field such as alert.title.keyword
        return null;
      }
      String type = field.path("type").asText("object");
      if (type.equals("flattened")) {
        return type;
      }
      if (i == parts.length - 1) {
        return type;
      }
      if (field.has("fields") && field.get("fields").has(parts[i + 1]) && i + 2 == parts.length) {
        return field.get("fields").get(parts[i + 1]).path("type").asText();
      }
      level = field.path("properties");
    }
    return null;
  }

  /** Every leaf path of a document (array elements walked), e.g. {@code cpe.device.key}. */
  public static List<String> leafPaths(JsonNode document) {
    List<String> paths = new ArrayList<>();
    collect("", document, paths);
    return paths;
  }

  private static void collect(String prefix, JsonNode node, List<String> paths) {
    if (node.isObject()) {
      if (node.isEmpty() && !prefix.isEmpty()) {
        paths.add(prefix);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        collect(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
            field.getValue(),
            paths);
      }
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        paths.add(prefix);
      }
      node.forEach(element -> collect(prefix, element, paths));
    } else {
      paths.add(prefix);
    }
  }
}
