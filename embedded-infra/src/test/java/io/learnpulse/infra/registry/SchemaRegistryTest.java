package io.learnpulse.infra.registry;

import static io.learnpulse.infra.registry.Schemas.COURSE;
import static io.learnpulse.infra.registry.Schemas.INVALID;
import static io.learnpulse.infra.registry.Schemas.USER_REQUIRED_AGE;
import static io.learnpulse.infra.registry.Schemas.USER_V1;
import static io.learnpulse.infra.registry.Schemas.USER_V1_REFORMATTED;
import static io.learnpulse.infra.registry.Schemas.USER_V2;
import static io.learnpulse.infra.registry.Schemas.USER_WITHOUT_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.schemas.registry.CompatibilityLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {

  private final InMemorySchemaLog schemaLog = new InMemorySchemaLog();
  private final SchemaRegistry registry = new SchemaRegistry(schemaLog);

  @Test
  void sharesIdsAcrossSubjectsAndCountsVersionsPerSubject() {
    int userId = registry.register("users-value", USER_V1);
    int courseId = registry.register("courses-value", COURSE);
    int sameUserElsewhere = registry.register("other-value", USER_V1_REFORMATTED);

    assertThat(userId).isEqualTo(1);
    assertThat(courseId).isEqualTo(2);
    assertThat(sameUserElsewhere).isEqualTo(userId);
    assertThat(registry.version("other-value", "latest").version()).isEqualTo(1);
    assertThat(registry.subjectVersionsById(userId))
        .containsExactly(
            new SubjectVersion("other-value", 1), new SubjectVersion("users-value", 1));
    assertThat(registry.subjects(false))
        .containsExactly("courses-value", "other-value", "users-value");
  }

  @Test
  void reRegisteringReturnsTheSameIdAndCreatesNoVersion() {
    int first = registry.register("users-value", USER_V1);
    int records = schemaLog.readAll().size();

    assertThat(registry.register("users-value", USER_V1_REFORMATTED)).isEqualTo(first);
    assertThat(registry.versions("users-value")).containsExactly(1);
    assertThat(schemaLog.readAll()).hasSize(records);
  }

  @Test
  void backwardByDefaultRejectsARequiredFieldAndStoresNothing() {
    registry.register("users-value", USER_V1);
    int records = schemaLog.readAll().size();

    assertThatThrownBy(() -> registry.register("users-value", USER_REQUIRED_AGE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.getMessage())
                  .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                  .contains("age")
                  .contains("BACKWARD");
            });
    assertThat(registry.versions("users-value")).containsExactly(1);
    assertThat(schemaLog.readAll()).hasSize(records);
    // The rejected schema got no id either.
    assertThat(registry.register("fresh", USER_REQUIRED_AGE)).isEqualTo(2);
  }

  @Test
  void forwardRejectsDroppingARequiredFieldThatBackwardAccepts() {
    registry.register("users-value", USER_V1);
    assertThat(registry.testCompatibility("users-value", "latest", USER_WITHOUT_NAME).compatible())
        .isTrue();

    registry.setSubjectCompatibility("users-value", CompatibilityLevel.FORWARD);
    CompatibilityResult result =
        registry.testCompatibility("users-value", "latest", USER_WITHOUT_NAME);
    assertThat(result.compatible()).isFalse();
    assertThat(result.messages()).anyMatch(m -> m.contains("name"));
  }

  @Test
  void fullTransitiveChecksEveryVersionWhileFullChecksOnlyTheLatest() {
    registry.setGlobalCompatibility(CompatibilityLevel.NONE);
    registry.register("users-value", USER_V1);
    registry.register("users-value", USER_WITHOUT_NAME);
    registry.setSubjectCompatibility("users-value", CompatibilityLevel.FULL);

    // Against the latest (id only) adding an optional email is fully compatible ...
    assertThat(registry.testCompatibility("users-value", "latest", withEmailOnly()).compatible())
        .isTrue();
    // ... but version 1 cannot read it (it needs "name"), so FULL_TRANSITIVE refuses it.
    registry.setSubjectCompatibility("users-value", CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(registry.testCompatibility("users-value", "latest", withEmailOnly()).compatible())
        .isFalse();
    assertThatThrownBy(() -> registry.register("users-value", withEmailOnly()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
    assertThat(registry.versions("users-value")).containsExactly(1, 2);
  }

  @Test
  void subjectLevelOverridesTheGlobalLevel() {
    registry.register("users-value", USER_V1);
    registry.setSubjectCompatibility("users-value", CompatibilityLevel.NONE);

    assertThat(registry.register("users-value", USER_REQUIRED_AGE)).isEqualTo(2);
    assertThat(registry.effectiveCompatibility("users-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(registry.effectiveCompatibility("others")).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.deleteSubjectCompatibility("users-value"))
        .isEqualTo(CompatibilityLevel.NONE);
    assertThat(registry.subjectCompatibility("users-value")).isEmpty();
  }

  @Test
  void invalidSchemaIsRejectedWith42201AndNothingIsStored() {
    assertThatThrownBy(() -> registry.register("bad-value", INVALID))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    assertThatThrownBy(() -> registry.register("bad-value", "not json"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    assertThat(schemaLog.readAll()).isEmpty();
    assertThat(registry.subjects(true)).isEmpty();
  }

  @Test
  void versionsAndErrors() {
    registry.register("users-value", USER_V1);
    registry.register("users-value", USER_V2);

    assertThat(registry.version("users-value", "1").schema()).isEqualTo(compact(USER_V1));
    assertThat(registry.version("users-value", "-1").version()).isEqualTo(2);
    assertThat(registry.lookup("users-value", USER_V2).version()).isEqualTo(2);
    assertThat(code(() -> registry.version("nobody", "1"))).isEqualTo(40401);
    assertThat(code(() -> registry.version("users-value", "3"))).isEqualTo(40402);
    assertThat(code(() -> registry.version("users-value", "zero"))).isEqualTo(42202);
    assertThat(code(() -> registry.version("users-value", "0"))).isEqualTo(42202);
    assertThat(code(() -> registry.lookup("users-value", COURSE))).isEqualTo(40403);
    assertThat(code(() -> registry.schemaById(99))).isEqualTo(40403);
    assertThat(code(() -> registry.deleteSubjectCompatibility("users-value"))).isEqualTo(40408);
    assertThat(code(() -> SchemaRegistry.parseLevel("SIDEWAYS"))).isEqualTo(42203);
  }

  @Test
  void softDeleteHidesTheSubjectKeepsIdsAndDoesNotReuseVersions() {
    int id = registry.register("users-value", USER_V1);
    registry.register("users-value", USER_V2);

    assertThat(registry.deleteSubject("users-value")).containsExactly(1, 2);
    assertThat(registry.subjects(false)).isEmpty();
    assertThat(registry.subjects(true)).containsExactly("users-value");
    assertThat(registry.schemaById(id)).isEqualTo(compact(USER_V1));
    assertThat(code(() -> registry.versions("users-value"))).isEqualTo(40401);

    assertThat(registry.register("users-value", USER_V1)).isEqualTo(id);
    assertThat(registry.versions("users-value")).containsExactly(3);
  }

  @Test
  void stateIsRebuiltFromTheLog() {
    registry.register("users-value", USER_V1);
    registry.register("users-value", USER_V2);
    registry.register("courses-value", COURSE);
    registry.deleteSubject("courses-value");
    registry.setGlobalCompatibility(CompatibilityLevel.FULL);
    registry.setSubjectCompatibility("users-value", CompatibilityLevel.NONE);

    SchemaRegistry replayed = new SchemaRegistry(schemaLog);

    assertThat(replayed.subjects(false)).containsExactly("users-value");
    assertThat(replayed.versions("users-value")).containsExactly(1, 2);
    assertThat(replayed.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(replayed.effectiveCompatibility("users-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(replayed.register("next", USER_WITHOUT_NAME)).isEqualTo(4);
  }

  @Test
  void aStoreFailureIs50001AndChangesNothing() {
    SchemaRegistry failing =
        new SchemaRegistry(
            new SchemaLog() {
              @Override
              public List<SchemaLogRecord> readAll() {
                return List.of();
              }

              @Override
              public void append(SchemaLogRecord record) {
                throw new IllegalStateException("disk full");
              }

              @Override
              public void close() {}
            });

    assertThat(code(() -> failing.register("users-value", USER_V1))).isEqualTo(50001);
    assertThat(failing.subjects(true)).isEmpty();
    assertThat(code(() -> failing.schemaById(1))).isEqualTo(40403);
  }

  private static String withEmailOnly() {
    return """
        {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
          {"name":"id","type":"string"},
          {"name":"email","type":["null","string"],"default":null}]}
        """;
  }

  private static String compact(String schema) {
    return new org.apache.avro.Schema.Parser().parse(schema).toString();
  }

  private static int code(Runnable call) {
    try {
      call.run();
    } catch (SchemaRegistryException e) {
      return e.errorCode();
    }
    throw new AssertionError("expected a SchemaRegistryException");
  }
}
