package io.learnpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.topics.CatalogSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code deploy-tools register-schemas} (the schema-registration Job) against a real registry. */
class RegisterSchemasIT {

  private SchemaRegistryServer registry;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    registry = SchemaRegistryServer.inMemory();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void registersEveryCatalogSubjectAndIsIdempotent() {
    Map<String, String> env = Map.of(DeployTools.REGISTRY_URL_ENV, registry.url());

    int first = run(env);
    int second = run(env);

    RestSchemaRegistryClient client = RestSchemaRegistryClient.of(registry.url());
    assertThat(first).as(text(err)).isZero();
    assertThat(second).as(text(err)).isZero();
    assertThat(client.subjects())
        .containsExactlyInAnyOrderElementsOf(CatalogSchemas.subjects().keySet());
    CatalogSchemas.subjects()
        .forEach(
            (subject, schema) -> {
              assertThat(client.versions(subject)).as(subject).hasSize(1);
              assertThat(text(out))
                  .contains(
                      "registered "
                          + subject
                          + " as schema id "
                          + client.lookup(subject, schema).id());
            });
  }

  @Test
  void refusesToStartWithoutTheRegistryUrl() {
    int exit = run(Map.of());

    assertThat(exit).isEqualTo(2);
    assertThat(text(err)).contains(DeployTools.REGISTRY_URL_ENV + " is not set");
  }

  @Test
  void failsWhenTheRegistryCannotBeReached() {
    String url = registry.url();
    registry.close();

    int exit = run(Map.of(DeployTools.REGISTRY_URL_ENV, url));

    assertThat(exit).isEqualTo(1);
    assertThat(text(err)).contains("schema registration in " + url + " failed");
  }

  @Test
  void refusesAnUnknownCommand() {
    assertThat(
            DeployTools.run(
                new String[] {"drop-everything"},
                Map.of(),
                new PrintStream(out),
                new PrintStream(err)))
        .isEqualTo(2);
    assertThat(text(err)).contains("usage: deploy-tools register-schemas");
  }

  private int run(Map<String, String> env) {
    return DeployTools.run(
        new String[] {DeployTools.REGISTER_SCHEMAS},
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
