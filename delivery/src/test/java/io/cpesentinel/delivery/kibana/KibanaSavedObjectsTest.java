package io.cpesentinel.delivery.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpesentinel.delivery.testing.TemplateFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kibana saved objects in {@code deploy/kibana/} parse, hang together (every reference points
 * at an object in the file), and only use fields the index templates map, with aggregations only on
 * aggregatable types. Importing them into a running Kibana is not tested here (no Kibana in the
 * local stack).
 */
class KibanaSavedObjectsTest {
  private static final Path NDJSON = Path.of("..", "deploy", "kibana", "cpe-sentinel.ndjson");
  private static final Map<String, String> TEMPLATE_OF_PATTERN =
      Map.of("cpe-alerts*", "cpe-alerts", "cpe-quarantine-audit*", "cpe-quarantine-audit");
  private static final Set<String> AGGREGATABLE =
      Set.of("keyword", "ip", "long", "double", "date", "boolean");
  private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z_@][\\w.@]*)\\s*:");

  private final ObjectMapper json = new ObjectMapper();
  private final List<JsonNode> objects = new ArrayList<>();
  private final Map<String, JsonNode> byId = new HashMap<>();

  @BeforeEach
  void read() throws Exception {
    for (String line : Files.readAllLines(NDJSON, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode object = json.readTree(line);
        objects.add(object);
        byId.put(object.get("type").asText() + "/" + object.get("id").asText(), object);
      }
    }
  }

  @Test
  void theFileHoldsTheDataViewsTheDashboardAndTheTriageSearch() {
    assertThat(byId.size()).as("unique type/id").isEqualTo(objects.size());
    assertThat(byId)
        .containsKeys(
            "index-pattern/cpe-sentinel-alerts",
            "dashboard/cpe-sentinel-soc",
            "search/cpe-sentinel-triage");
  }

  @Test
  void everyReferencePointsAtAnObjectInTheFileAndEveryPanelHasItsReference() throws Exception {
    for (JsonNode object : objects) {
      for (JsonNode ref : object.get("references")) {
        assertThat(byId).containsKey(ref.get("type").asText() + "/" + ref.get("id").asText());
      }
    }
    JsonNode dashboard = byId.get("dashboard/cpe-sentinel-soc");
    List<String> refNames = new ArrayList<>();
    dashboard.get("references").forEach(r -> refNames.add(r.get("name").asText()));
    for (JsonNode panel : json.readTree(dashboard.at("/attributes/panelsJSON").asText())) {
      assertThat(refNames).contains(panel.get("panelRefName").asText());
    }
  }

  @Test
  void dataViewsMatchTheShippedIndexTemplates() {
    for (JsonNode object : objects) {
      if (object.get("type").asText().equals("index-pattern")) {
        assertThat(TEMPLATE_OF_PATTERN).containsKey(object.at("/attributes/title").asText());
        assertThat(object.at("/attributes/timeFieldName").asText()).isEqualTo("@timestamp");
      }
    }
  }

  @Test
  void everyFieldReferencedIsMappedAndAggregationsUseAggregatableFields() throws Exception {
    int checked = 0;
    for (JsonNode object : objects) {
      String type = object.get("type").asText();
      if (!type.equals("visualization") && !type.equals("search")) {
        continue;
      }
      TemplateFields fields = templateOf(object);
      JsonNode source =
          json.readTree(object.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
      Matcher kql = KQL_FIELD.matcher(source.at("/query/query").asText());
      while (kql.find()) {
        assertThat(fields.typeOf(kql.group(1)))
            .as("%s query field %s", object.get("id"), kql.group(1))
            .isNotNull();
        checked++;
      }
      if (type.equals("visualization")) {
        JsonNode visState = json.readTree(object.at("/attributes/visState").asText());
        for (JsonNode agg : visState.get("aggs")) {
          if (agg.at("/params/field").isTextual()) {
            String field = agg.at("/params/field").asText();
            assertThat(fields.typeOf(field))
                .as("%s aggregates on %s", object.get("id"), field)
                .isIn(AGGREGATABLE);
            checked++;
          }
        }
      } else {
        for (JsonNode column : object.at("/attributes/columns")) {
          assertThat(fields.typeOf(column.asText())).as("column %s", column).isNotNull();
          checked++;
        }
        for (JsonNode sort : object.at("/attributes/sort")) {
          assertThat(fields.typeOf(sort.get(0).asText())).isIn(AGGREGATABLE);
          checked++;
        }
      }
    }
    assertThat(checked).as("fields checked").isGreaterThan(15);
  }

  private TemplateFields templateOf(JsonNode object) {
    String indexPatternId = object.at("/references/0/id").asText();
    String title = byId.get("index-pattern/" + indexPatternId).at("/attributes/title").asText();
    return TemplateFields.of(TEMPLATE_OF_PATTERN.get(title));
  }
}
