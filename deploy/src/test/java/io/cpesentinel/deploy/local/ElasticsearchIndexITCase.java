package io.cpesentinel.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpesentinel.deploy.testing.LocalStackExtension;
import io.cpesentinel.deploy.testing.StackResources;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ElasticsearchIndexITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void alertIndexedUnderItsIdIsSearchableAndAReplayDoesNotDuplicateIt(StackResources stack)
      throws Exception {
    String index = stack.index("cpe-alerts");
    JsonNode alert =
        JSON.readTree(
            """
            {"@timestamp": "2026-05-01T10:00:00Z",
             "event": {"kind": "alert", "severity": 73},
             "rule": {"id": "critical-param-change", "version": "1"},
             "message": "ACS URL changed without an ACS task",
             "source": {"ip": "198.51.100.7"},
             "alert": {"id": "a-1", "status": "open"},
             "cpe": {"device": {"key": "0012AB-HGW%2D5000-S1", "oui": "0012AB"},
                     "evidence": {"changes": [{"parameter": "acs.url",
                                               "old_value": "https://acs.isp.example/",
                                               "new_value": "http://203.0.113.66:7547/"}]}}}
            """);

    for (int replay = 0; replay < 3; replay++) {
      stack.elasticsearch().index(i -> i.index(index).id("a-1").document(alert));
    }
    stack.elasticsearch().indices().refresh(r -> r.index(index));

    SearchResponse<JsonNode> hits =
        stack
            .elasticsearch()
            .search(
                s ->
                    s.index(index)
                        .query(
                            q ->
                                q.term(
                                    t -> t.field("cpe.device.key").value("0012AB-HGW%2D5000-S1"))),
                JsonNode.class);
    assertThat(hits.hits().hits()).hasSize(1);
    assertThat(hits.hits().hits().get(0).id()).isEqualTo("a-1");
    assertThat(hits.hits().hits().get(0).source().at("/rule/id").asText())
        .isEqualTo("critical-param-change");
  }

  @Test
  void shippedTemplateGivesAlertIndicesTheirEcsMapping(StackResources stack) throws Exception {
    String index = stack.index("cpe-alerts");
    stack.elasticsearch().indices().create(c -> c.index(index));

    Map<String, Property> fields =
        stack
            .elasticsearch()
            .indices()
            .getMapping(m -> m.index(index))
            .get(index)
            .mappings()
            .properties();
    assertThat(fields.get("@timestamp").isDate()).isTrue();
    assertThat(fields.get("source").object().properties().get("ip").isIp()).isTrue();
    Property evidence = fields.get("cpe").object().properties().get("evidence");
    assertThat(evidence.object().properties().get("changes").isNested()).isTrue();
  }
}
