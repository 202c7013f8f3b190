package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.serde.AvroTrust;
import io.learnpulse.schemas.topics.Topics;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The serdes topology tests run with. The one place to switch to the registry serdes ({@link
 * ScoringSerdes#registry}) over {@code SchemaRegistryServer.inMemory().url()} once embedded-infra
 * is on main; until then, Avro single-object encoding without a registry.
 */
public final class TestSerdes {

  private TestSerdes() {}

  public static ScoringSerdes scoringSerdes() {
    AvroTrust.trustContracts();
    return new ScoringSerdes(
        new SingleObjectSerde<SpecificRecord>(Topics.ACTIVITY.valueTypes()),
        new SingleObjectSerde<AssignmentPolicy>(List.of(AssignmentPolicy.class)),
        new SingleObjectSerde<TopicStatus>(List.of(TopicStatus.class)));
  }
}
