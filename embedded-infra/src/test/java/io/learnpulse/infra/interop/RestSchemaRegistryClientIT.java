package io.learnpulse.infra.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.registry.CompatibilityLevel;
import io.learnpulse.schemas.registry.RegisteredSchema;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.registry.SchemaRegistryException;
import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schemas module's REST client against our registry server. */
class RestSchemaRegistryClientIT {

  private static final Schema V1 =
      parse(
          "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.learnpulse.test\",\"fields\":["
              + "{\"name\":\"id\",\"type\":\"string\"}]}");
  private static final Schema V2 =
      parse(
          "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.learnpulse.test\",\"fields\":["
              + "{\"name\":\"id\",\"type\":\"string\"},"
              + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
  private static final Schema REQUIRED_FIELD =
      parse(
          "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.learnpulse.test\",\"fields\":["
              + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"size\",\"type\":\"int\"}]}");

  private SchemaRegistryServer server;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.inMemory();
    client = RestSchemaRegistryClient.of(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registersLooksUpAndReads() {
    int id1 = client.register("probe-value", V1);
    int id2 = client.register("probe-value", V2);
    assertThat(client.register("other-value", V1)).isEqualTo(id1);

    assertThat(client.schemaById(id2)).isEqualTo(V2);
    assertThat(client.versions("probe-value")).containsExactly(1, 2);
    assertThat(client.subjects()).containsExactly("other-value", "probe-value");

    RegisteredSchema latest = client.latest("probe-value");
    assertThat(latest).isEqualTo(new RegisteredSchema("probe-value", id2, 2, V2));
    assertThat(client.version("probe-value", 1))
        .isEqualTo(new RegisteredSchema("probe-value", id1, 1, V1));
    assertThat(client.lookup("probe-value", V1))
        .isEqualTo(new RegisteredSchema("probe-value", id1, 1, V1));
  }

  @Test
  void compatibilityAndConfig() {
    assertThat(client.isCompatible("probe-value", REQUIRED_FIELD)).isTrue();
    client.register("probe-value", V1);
    assertThat(client.isCompatible("probe-value", V2)).isTrue();
    assertThat(client.isCompatible("probe-value", REQUIRED_FIELD)).isFalse();

    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(client.compatibility("probe-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    client.setCompatibility("probe-value", CompatibilityLevel.NONE);
    assertThat(client.compatibility("probe-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.isCompatible("probe-value", REQUIRED_FIELD)).isTrue();
    client.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.compatibility("other-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
  }

  @Test
  void errorsArriveWithConfluentsCodes() {
    client.register("probe-value", V1);

    assertThat(errorOf(() -> client.latest("nobody"))).isEqualTo(40401);
    assertThat(errorOf(() -> client.version("probe-value", 9))).isEqualTo(40402);
    assertThat(errorOf(() -> client.lookup("probe-value", V2))).isEqualTo(40403);
    assertThat(errorOf(() -> client.schemaById(77))).isEqualTo(40403);
    assertThat(errorOf(() -> client.register("probe-value", REQUIRED_FIELD))).isEqualTo(409);
    assertThat(client.versions("probe-value")).containsExactly(1);
  }

  @Test
  void aStoppedRegistryIsUnavailableAndASecondUrlTakesOver() {
    client.register("probe-value", V1);
    try (SchemaRegistryServer second = SchemaRegistryServer.inMemory()) {
      String stoppedUrl = server.url();
      server.close();

      assertThatThrownBy(() -> RestSchemaRegistryClient.of(stoppedUrl).subjects())
          .isInstanceOf(SchemaRegistryUnavailableException.class);

      RestSchemaRegistryClient failover =
          new RestSchemaRegistryClient(
              List.of(URI.create(stoppedUrl), URI.create(second.url())),
              Duration.ofSeconds(5),
              Optional.empty(),
              100);
      assertThat(failover.register("probe-value", V2)).isEqualTo(1);
      assertThat(failover.subjects()).containsExactly("probe-value");
    }
  }

  private static int errorOf(Runnable call) {
    try {
      call.run();
    } catch (SchemaRegistryException e) {
      return e.errorCode();
    }
    throw new AssertionError("expected a SchemaRegistryException");
  }

  private static Schema parse(String schema) {
    return new Schema.Parser().parse(schema);
  }
}
