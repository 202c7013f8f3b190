package io.learnpulse.scoring.topology;

import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import java.util.Map;

/**
 * The serdes topology tests run with: the production registry serdes ({@link
 * ScoringSerdes#registry}) on an in-memory instance of LearnPulse's Confluent-API registry server,
 * started once per test JVM. Tests register schemas on first use.
 */
public final class TestSerdes {

  private static final SchemaRegistryServer REGISTRY = SchemaRegistryServer.inMemory();

  private TestSerdes() {}

  /** Registry serdes with auto-registration on. */
  public static ScoringSerdes scoringSerdes() {
    return ScoringSerdes.registry(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            REGISTRY.url(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            true));
  }
}
