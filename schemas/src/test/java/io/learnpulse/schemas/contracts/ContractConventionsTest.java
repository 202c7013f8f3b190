package io.learnpulse.schemas.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The contract rules of docs/adr/0002-event-contracts.md, checked on every build. */
class ContractConventionsTest {

  @Test
  void everyRecordAndFieldHasADoc() {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Schema schema : ReleasedSchemasCompatibilityTest.currentSchemas().values()) {
      collectUndocumented(schema, seen, undocumented);
    }
    assertThat(undocumented).as("records and fields without a doc").isEmpty();
  }

  @Test
  void idsAreUuidsAndTimesAreTimestampMillis() {
    List<String> wrong = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Schema schema : ReleasedSchemasCompatibilityTest.currentSchemas().values()) {
      checkLogicalTypes(schema, seen, wrong);
    }
    assertThat(wrong).as("fields whose logical type breaks the conventions").isEmpty();
  }

  @Test
  void eventNamesArePastTenseFacts() {
    for (Schema schema : ReleasedSchemasCompatibilityTest.currentSchemas().values()) {
      if (schema.getField("metadata") != null) {
        assertThat(schema.getName()).as(schema.getFullName()).matches(".*(ed|Heartbeat)$");
      }
    }
  }

  private static void collectUndocumented(Schema schema, Set<String> seen, List<String> out) {
    Schema s = nonNull(schema);
    if (s.getType() == Schema.Type.ARRAY) {
      collectUndocumented(s.getElementType(), seen, out);
      return;
    }
    if (s.getType() != Schema.Type.RECORD || !seen.add(s.getFullName())) {
      return;
    }
    if (s.getDoc() == null || s.getDoc().isBlank()) {
      out.add(s.getFullName());
    }
    for (Schema.Field field : s.getFields()) {
      if (field.doc() == null || field.doc().isBlank()) {
        out.add(s.getFullName() + "." + field.name());
      }
      collectUndocumented(field.schema(), seen, out);
    }
  }

  private static void checkLogicalTypes(Schema schema, Set<String> seen, List<String> out) {
    Schema s = nonNull(schema);
    if (s.getType() == Schema.Type.ARRAY) {
      checkLogicalTypes(s.getElementType(), seen, out);
      return;
    }
    if (s.getType() != Schema.Type.RECORD || !seen.add(s.getFullName())) {
      return;
    }
    for (Schema.Field field : s.getFields()) {
      Schema type = nonNull(field.schema());
      String name = field.name();
      if ((name.endsWith("At")) && type.getLogicalType() != LogicalTypes.timestampMillis()) {
        out.add(s.getFullName() + "." + name + " should be timestamp-millis");
      }
      if ((name.equals("eventId") || name.equals("registrationId") || name.equals("sessionId"))
          && (type.getLogicalType() == null || !"uuid".equals(type.getLogicalType().getName()))) {
        out.add(s.getFullName() + "." + name + " should be a uuid");
      }
      checkLogicalTypes(field.schema(), seen, out);
    }
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      return schema.getTypes().stream()
          .filter(t -> t.getType() != Schema.Type.NULL)
          .findFirst()
          .orElse(schema);
    }
    return schema;
  }
}
