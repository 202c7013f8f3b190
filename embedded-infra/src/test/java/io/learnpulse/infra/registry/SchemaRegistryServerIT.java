package io.learnpulse.infra.registry;

import static io.learnpulse.infra.registry.RegistryHttp.schemaBody;
import static io.learnpulse.infra.registry.Schemas.COURSE;
import static io.learnpulse.infra.registry.Schemas.INVALID;
import static io.learnpulse.infra.registry.Schemas.USER_REQUIRED_AGE;
import static io.learnpulse.infra.registry.Schemas.USER_V1;
import static io.learnpulse.infra.registry.Schemas.USER_V1_REFORMATTED;
import static io.learnpulse.infra.registry.Schemas.USER_V2;
import static io.learnpulse.infra.registry.Schemas.USER_WITHOUT_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.registry.RegistryHttp.Reply;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryServerIT {

  private SchemaRegistryServer server;
  private RegistryHttp http;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.inMemory();
    http = new RegistryHttp(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listensOnLoopbackAndAnswersTheRoot() {
    assertThat(server.url()).startsWith("http://127.0.0.1:");
    Reply root = http.get("/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.contentType()).isEqualTo(RegistryHttp.V1);
    assertThat(root.body()).isEqualTo("{}");
  }

  @Test
  void registersAndReadsBackEveryWay() {
    Reply registered = http.register("users-value", USER_V1);
    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.body()).isEqualTo("{\"id\":1}");
    assertThat(http.register("users-value", USER_V2).json().get("id").asInt()).isEqualTo(2);

    assertThat(http.get("/subjects").body()).isEqualTo("[\"users-value\"]");
    assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1,2]");

    Reply latest = http.get("/subjects/users-value/versions/latest");
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.json().get("subject").asText()).isEqualTo("users-value");
    assertThat(latest.json().get("version").asInt()).isEqualTo(2);
    assertThat(latest.json().get("id").asInt()).isEqualTo(2);
    assertThat(new Schema.Parser().parse(latest.json().get("schema").asText()))
        .isEqualTo(new Schema.Parser().parse(USER_V2));

    assertThat(http.get("/subjects/users-value/versions/1").json().get("id").asInt()).isEqualTo(1);
    assertThat(http.get("/subjects/users-value/versions/-1").json().get("version").asInt())
        .isEqualTo(2);

    Reply raw = http.get("/subjects/users-value/versions/1/schema");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(new Schema.Parser().parse(USER_V1));

    Reply byId = http.get("/schemas/ids/1");
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json().size()).isEqualTo(1);
    assertThat(new Schema.Parser().parse(byId.json().get("schema").asText()))
        .isEqualTo(new Schema.Parser().parse(USER_V1));
    assertThat(http.get("/schemas/ids/2/schema").body()).isEqualTo(raw(USER_V2));
    assertThat(http.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");

    Reply lookup = http.post("/subjects/users-value", schemaBody(USER_V1_REFORMATTED));
    assertThat(lookup.status()).isEqualTo(200);
    assertThat(lookup.json().get("subject").asText()).isEqualTo("users-value");
    assertThat(lookup.json().get("id").asInt()).isEqualTo(1);
    assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
    assertThat(lookup.json().get("schema").asText()).isEqualTo(raw(USER_V1));
  }

  @Test
  void sharesIdsAcrossSubjectsAndReRegisteringCreatesNoVersion() {
    int id = http.register("users-value", USER_V1).json().get("id").asInt();
    assertThat(http.register("archive-value", USER_V1_REFORMATTED).json().get("id").asInt())
        .isEqualTo(id);
    assertThat(http.register("users-value", USER_V1_REFORMATTED).json().get("id").asInt())
        .isEqualTo(id);
    assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    assertThat(http.register("courses-value", COURSE).json().get("id").asInt()).isEqualTo(id + 1);

    Reply versions = http.get("/schemas/ids/" + id + "/versions");
    assertThat(versions.status()).isEqualTo(200);
    assertThat(versions.body())
        .isEqualTo(
            "[{\"subject\":\"archive-value\",\"version\":1},"
                + "{\"subject\":\"users-value\",\"version\":1}]");
  }

  @Test
  void acceptsTheOtherJsonContentTypesAndAnExplicitAvroType() {
    String body =
        RegistryHttp.JSON
            .createObjectNode()
            .put("schema", USER_V1)
            .put("schemaType", "AVRO")
            .toString();
    assertThat(http.post("/subjects/a/versions", body, "application/json").status()).isEqualTo(200);
    assertThat(
            http.post("/subjects/b/versions", body, "application/vnd.schemaregistry+json").status())
        .isEqualTo(200);
    assertThat(
            http.post(
                    "/subjects/c/versions",
                    body,
                    "application/vnd.schemaregistry.v1+json; charset=utf-8")
                .status())
        .isEqualTo(200);
    Reply wrongType = http.post("/subjects/d/versions", body, "text/plain");
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(wrongType.errorCode()).isEqualTo(415);
  }

  @Test
  void notFoundErrors() {
    http.register("users-value", USER_V1);

    assertError(http.get("/subjects/nobody/versions"), 404, 40401);
    assertError(http.get("/subjects/nobody/versions/1"), 404, 40401);
    assertError(http.get("/subjects/nobody/versions/latest/schema"), 404, 40401);
    assertError(http.post("/subjects/nobody", schemaBody(USER_V1)), 404, 40401);
    assertError(http.delete("/subjects/nobody"), 404, 40401);
    assertError(http.get("/subjects/users-value/versions/7"), 404, 40402);
    assertError(http.get("/subjects/users-value/versions/7/schema"), 404, 40402);
    assertError(http.post("/subjects/users-value", schemaBody(COURSE)), 404, 40403);
    assertError(http.get("/schemas/ids/42"), 404, 40403);
    assertError(http.get("/schemas/ids/42/versions"), 404, 40403);
    assertError(http.get("/schemas/ids/abc"), 404, 40403);
    assertError(http.get("/config/users-value"), 404, 40408);
    assertError(http.get("/no/such/path"), 404, 404);
    assertError(http.get("/subjects/users-value/whatever"), 404, 404);
    assertError(http.put("/subjects", "{}"), 405, 405);
  }

  @Test
  void invalidRequestsAreRejectedClearlyAndStoreNothing() {
    assertError(http.register("bad-value", INVALID), 422, 42201);
    assertError(http.register("bad-value", "not json at all"), 422, 42201);
    assertError(http.post("/subjects/bad-value/versions", "{}"), 422, 42201);
    assertError(http.post("/subjects/bad-value/versions", "{\"schema\": 5}"), 422, 42201);
    String protobuf =
        RegistryHttp.JSON
            .createObjectNode()
            .put("schema", "syntax = \"proto3\";")
            .put("schemaType", "PROTOBUF")
            .toString();
    assertError(http.post("/subjects/bad-value/versions", protobuf), 422, 42201);

    Reply malformed = http.post("/subjects/bad-value/versions", "{\"schema\": ");
    assertError(malformed, 400, 400);
    assertThat(malformed.json().get("message").asText()).contains("Malformed JSON");
    assertError(http.post("/subjects/bad-value/versions", "[1,2]"), 400, 400);
    assertError(http.post("/subjects/bad-value/versions", ""), 400, 400);

    assertError(http.get("/subjects/bad-value/versions/abc"), 422, 42202);
    assertError(http.get("/subjects/bad-value/versions/0"), 422, 42202);
    assertError(http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
    assertError(http.put("/config/bad-value", "{}"), 422, 42203);

    assertThat(http.get("/subjects").body()).isEqualTo("[]");
    assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[]");
    assertError(http.get("/schemas/ids/1"), 404, 40403);
    assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  void backwardByDefaultRejectsAnIncompatibleChangeWith409AndStoresNothing() {
    http.register("users-value", USER_V1);

    Reply rejected = http.register("users-value", USER_REQUIRED_AGE);
    assertError(rejected, 409, 409);
    assertThat(rejected.json().get("message").asText())
        .contains("incompatible")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("age");
    assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    assertError(http.get("/schemas/ids/2"), 404, 40403);
    // The next accepted schema takes id 2: the rejected one consumed nothing.
    assertThat(http.register("users-value", USER_V2).body()).isEqualTo("{\"id\":2}");
  }

  @Test
  void compatibilityEndpoint() {
    String path = "/compatibility/subjects/users-value/versions/latest";
    // No subject yet: anything is compatible with nothing.
    assertThat(http.post(path, schemaBody(USER_REQUIRED_AGE)).body())
        .isEqualTo("{\"is_compatible\":true}");
    http.register("users-value", USER_V1);

    assertThat(http.post(path, schemaBody(USER_V2)).body()).isEqualTo("{\"is_compatible\":true}");
    assertThat(http.post(path, schemaBody(USER_REQUIRED_AGE)).body())
        .isEqualTo("{\"is_compatible\":false}");

    Reply verbose = http.post(path + "?verbose=true", schemaBody(USER_REQUIRED_AGE));
    assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
    assertThat(verbose.json().get("messages").toString()).contains("age");
    Reply verboseOk = http.post(path + "?verbose=true", schemaBody(USER_V2));
    assertThat(verboseOk.body()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");

    assertThat(
            http.post("/compatibility/subjects/users-value/versions/1", schemaBody(USER_V2))
                .json()
                .get("is_compatible")
                .asBoolean())
        .isTrue();
    assertError(
        http.post("/compatibility/subjects/users-value/versions/9", schemaBody(USER_V2)),
        404,
        40402);
    assertError(
        http.post("/compatibility/subjects/nobody/versions/1", schemaBody(USER_V2)), 404, 40401);
    assertError(
        http.post("/compatibility/subjects/users-value/versions/x", schemaBody(USER_V2)),
        422,
        42202);
    assertError(http.post(path, schemaBody(INVALID)), 422, 42201);
  }

  @Test
  void compatibilityWithoutVersionChecksWhatTheSubjectsLevelNames() {
    String path = "/compatibility/subjects/users-value/versions";
    assertThat(http.post(path, schemaBody(USER_REQUIRED_AGE)).body())
        .isEqualTo("{\"is_compatible\":true}");
    http.put("/config", "{\"compatibility\":\"NONE\"}");
    http.register("users-value", USER_V1);
    http.register("users-value", USER_WITHOUT_NAME);
    String idAndEmail =
        """
        {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
          {"name":"id","type":"string"},
          {"name":"email","type":["null","string"],"default":null}]}
        """;

    http.put("/config/users-value", "{\"compatibility\":\"FULL\"}");
    assertThat(http.post(path, schemaBody(idAndEmail)).body())
        .isEqualTo("{\"is_compatible\":true}");
    http.put("/config/users-value", "{\"compatibility\":\"FULL_TRANSITIVE\"}");
    Reply transitive = http.post(path + "?verbose=true", schemaBody(idAndEmail));

    assertThat(transitive.json().get("is_compatible").asBoolean()).isFalse();
    assertThat(transitive.json().get("messages")).isNotEmpty();
    assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1,2]");
    assertError(http.post(path, schemaBody(INVALID)), 422, 42201);
    assertThat(http.get(path).status()).isEqualTo(405);
  }

  @Test
  void subjectsOfASchemaIdAreListedOnceEach() {
    http.register("users-value", USER_V1);
    http.register("archive-value", USER_V1);
    http.register("users-value", USER_V2);

    assertThat(http.get("/schemas/ids/1/subjects").body())
        .isEqualTo("[\"archive-value\",\"users-value\"]");
    assertThat(http.get("/schemas/ids/2/subjects").body()).isEqualTo("[\"users-value\"]");
    assertError(http.get("/schemas/ids/99/subjects"), 404, 40403);
  }

  @Test
  void modeIsReadWriteAndOnlyReadWriteCanBeSet() {
    assertThat(http.get("/mode").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
    assertThat(http.put("/mode", "{\"mode\":\"READWRITE\"}").body())
        .isEqualTo("{\"mode\":\"READWRITE\"}");
    assertError(http.put("/mode", "{\"mode\":\"IMPORT\"}"), 422, 42204);
    assertError(http.get("/mode/users-value"), 404, 40409);
    assertThat(http.get("/mode/users-value?defaultToGlobal=true").body())
        .isEqualTo("{\"mode\":\"READWRITE\"}");
    assertError(http.get("/mode/a/b"), 404, 404);
  }

  @Test
  void contextsAreTheDefaultContextOnly() {
    assertThat(http.get("/contexts").body()).isEqualTo("[\".\"]");
    assertThat(http.post("/contexts", "{}").status()).isEqualTo(405);
  }

  @Test
  void fullTransitiveChecksAgainstEveryVersion() {
    assertThat(http.put("/config", "{\"compatibility\":\"NONE\"}").body())
        .isEqualTo("{\"compatibility\":\"NONE\"}");
    http.register("users-value", USER_V1);
    http.register("users-value", USER_WITHOUT_NAME);
    String idAndEmail =
        """
        {"type":"record","name":"User","namespace":"io.learnpulse.test","fields":[
          {"name":"id","type":"string"},
          {"name":"email","type":["null","string"],"default":null}]}
        """;

    http.put("/config/users-value", "{\"compatibility\":\"FULL\"}");
    String latest = "/compatibility/subjects/users-value/versions/latest";
    assertThat(http.post(latest, schemaBody(idAndEmail)).json().get("is_compatible").asBoolean())
        .isTrue();

    http.put("/config/users-value", "{\"compatibility\":\"full_transitive\"}");
    assertThat(http.post(latest, schemaBody(idAndEmail)).json().get("is_compatible").asBoolean())
        .isFalse();
    assertError(http.register("users-value", idAndEmail), 409, 409);
    assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1,2]");
  }

  @Test
  void configEndpointsAndSubjectOverride() {
    assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    assertError(http.get("/config/users-value"), 404, 40408);
    assertThat(http.get("/config/users-value?defaultToGlobal=true").body())
        .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

    http.register("users-value", USER_V1);
    assertThat(http.put("/config/users-value", "{\"compatibility\":\"NONE\"}").body())
        .isEqualTo("{\"compatibility\":\"NONE\"}");
    assertThat(http.get("/config/users-value").body())
        .isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    // The override lets through what the global BACKWARD would refuse ...
    assertThat(http.register("users-value", USER_REQUIRED_AGE).status()).isEqualTo(200);
    // ... and only for that subject.
    http.register("others-value", USER_V1);
    assertError(http.register("others-value", USER_REQUIRED_AGE), 409, 409);

    assertThat(http.put("/config", "{\"compatibility\":\"FORWARD\"}").body())
        .isEqualTo("{\"compatibility\":\"FORWARD\"}");
    assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
    assertThat(http.delete("/config/users-value").body())
        .isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    assertThat(http.get("/config/users-value?defaultToGlobal=true").body())
        .isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
  }

  @Test
  void deleteSubjectIsASoftDelete() {
    int id = http.register("users-value", USER_V1).json().get("id").asInt();
    http.register("users-value", USER_V2);

    Reply deleted = http.delete("/subjects/users-value");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("[1,2]");
    assertThat(http.get("/subjects").body()).isEqualTo("[]");
    assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[\"users-value\"]");
    assertError(http.get("/subjects/users-value/versions"), 404, 40401);
    assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);

    assertThat(http.register("users-value", USER_V1).json().get("id").asInt()).isEqualTo(id);
    assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[3]");
  }

  @Test
  void subjectNamesArePercentDecoded() {
    http.register("learnpulse.activity.v1-io.learnpulse.X%2By", USER_V1);
    assertThat(http.get("/subjects").body())
        .isEqualTo("[\"learnpulse.activity.v1-io.learnpulse.X+y\"]");
  }

  private static void assertError(Reply reply, int status, int errorCode) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo(RegistryHttp.V1);
    assertThat(reply.json()).as(reply.body()).isNotNull();
    assertThat(reply.errorCode()).as(reply.body()).isEqualTo(errorCode);
    assertThat(reply.json().get("message").asText()).isNotBlank();
  }

  private static String raw(String schema) {
    return new Schema.Parser().parse(schema).toString();
  }
}
