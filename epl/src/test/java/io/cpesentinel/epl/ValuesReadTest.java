package io.cpesentinel.epl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesReadTest {
  @Test
  void literalNamesAreReadAndStringsAndCommentsAreNotCode() {
    String epl =
        "// values(x) in a comment is no reading\n"
            + "/* nor values */\n"
            + "select a.`values`('acs.url') as url, b.values(\"dns.wan-server#1\") as dns,\n"
            + "       'values(anything)' as text\n"
            + "from pattern [every a=InformFact(values ( 'acs.url' ) like 'http://%')"
            + " -> b=AcsEventFact]";

    assertThat(ValuesRead.in(epl)).contains(Set.of("acs.url", "dns.wan-server#1"));
  }

  @Test
  void aRuleThatMayReadAnyValueSaysSo() {
    assertThat(ValuesRead.in("select values from InformFact")).isEmpty();
    assertThat(ValuesRead.in("select values(name) from InformFact, Names")).isEmpty();
    assertThat(ValuesRead.in("select * from InformFact")).isEmpty();
    assertThat(ValuesRead.in("select deviceKey from InformFact")).contains(Set.of());
  }

  @Test
  void theShippedRulesReadNoValueSoTheirFactsCarryNone() {
    try (EsperCorrelationEngine engine = new EsperCorrelationEngine("values-read-test")) {
      for (RuleModule module : ShippedRules.fromClassPath()) {
        assertThat(ValuesRead.in(module.epl())).as(module.source()).contains(Set.of());
        engine.deploy(module);
      }
      assertThat(engine.valuesRead()).contains(Set.of());
      engine.deploy(
          new RuleModule(
              "url",
              null,
              "@Name('url') @Description('d') @Tag(name='severity', value='LOW')"
                  + " @Tag(name='version', value='1')\n"
                  + "select b.deviceKey as deviceKey from pattern [every a=InformFact(`values`('acs.url') is not null)"
                  + " -> b=InformFact(a.`values`('wifi.security#1') != `values`('wifi.security#1'))]",
              "t"));
      assertThat(engine.valuesRead()).contains(Set.of("acs.url", "wifi.security#1"));
      engine.disable("url");
      assertThat(engine.valuesRead()).contains(Set.of());
    } catch (RuleRejectedException e) {
      throw new AssertionError(e);
    }
  }
}
