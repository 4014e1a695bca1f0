package io.cpesentinel.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The conventions of design.md, checked on every contract so a new field cannot break them. */
class SchemaConventionsTest {

  enum Contract {
    CWMP_INFORM(CwmpInform.getClassSchema()),
    ACS_EVENT(AcsEvent.getClassSchema()),
    ALERT(Alert.getClassSchema()),
    RULE_MODULE(RuleModule.getClassSchema());

    final Schema schema;

    Contract(Schema schema) {
      this.schema = schema;
    }
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  void optionalFieldsAreNullFirstWithNullDefault(Contract contract) {
    List<String> violations = new ArrayList<>();
    walk(
        contract.schema,
        new HashSet<>(),
        (record, field) -> {
          Schema type = field.schema();
          if (type.isUnion()) {
            boolean ok =
                type.getTypes().size() == 2
                    && type.getTypes().get(0).getType() == Schema.Type.NULL
                    && field.hasDefaultValue()
                    && field.defaultVal() == JsonProperties.NULL_VALUE;
            if (!ok) {
              violations.add(record.getName() + "." + field.name());
            }
          }
        });
    assertThat(violations).as("unions must be [\"null\", T] with default null").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  void enumsHaveADefaultSoNewSymbolsDoNotBreakOldReaders(Contract contract) {
    List<String> withoutDefault = new ArrayList<>();
    walk(
        contract.schema,
        new HashSet<>(),
        (record, field) -> {
          Schema type = field.schema();
          if (type.getType() == Schema.Type.ENUM && type.getEnumDefault() == null) {
            withoutDefault.add(type.getFullName());
          }
        });
    assertThat(withoutDefault).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  void namespaceIsTheJavaPackage(Contract contract) {
    assertThat(contract.schema.getNamespace()).isEqualTo(CwmpInform.class.getPackageName());
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  void everyReleasedVersionIsReadableByTheCurrentSchema(Contract contract) {
    for (Schema released : SchemaHistory.load(contract.schema.getFullName())) {
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(contract.schema, released)
                  .getType())
          .as("current %s reads released %s", contract, AvroValueCodec.fingerprint(released))
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  private interface FieldVisitor {
    void visit(Schema record, Schema.Field field);
  }

  private static void walk(Schema schema, Set<String> seen, FieldVisitor visitor) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        for (Schema.Field field : schema.getFields()) {
          visitor.visit(schema, field);
          walk(field.schema(), seen, visitor);
        }
      }
      case ARRAY -> walk(schema.getElementType(), seen, visitor);
      case MAP -> walk(schema.getValueType(), seen, visitor);
      case UNION -> schema.getTypes().forEach(t -> walk(t, seen, visitor));
      default -> {}
    }
  }
}
