package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;

/**
 * The scoring topology in a {@link TopologyTestDriver} with its input and output topics, for tests
 * that drive it record by record (close it in an {@link AfterEach}).
 */
public final class TestDrivers {

  private TestDrivers() {}

  /** The service's topology with {@code serdes}, in a fresh state directory. */
  public static TopologyTestDriver scoring(ScoringSerdes serdes, String applicationId) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, TestStateDirs.fresh("scoring-ttd-").toString());
    return new TopologyTestDriver(
        new ScoringTopology(serdes, new ScoringMetrics(new SimpleMeterRegistry())).build(), config);
  }

  /** The assignment policies' topic. */
  public static TestInputTopic<String, AssignmentPolicy> assignments(
      TopologyTestDriver driver, ScoringSerdes serdes) {
    return driver.createInputTopic(
        Topics.ASSIGNMENT.name(), Serdes.String().serializer(), serdes.assignment().serializer());
  }

  /** The activity topic. */
  public static TestInputTopic<String, SpecificRecord> activity(
      TopologyTestDriver driver, ScoringSerdes serdes) {
    return driver.createInputTopic(
        Topics.ACTIVITY.name(), Serdes.String().serializer(), serdes.activity().serializer());
  }

  /** The published topic statuses. */
  public static TestOutputTopic<String, TopicStatus> statuses(
      TopologyTestDriver driver, ScoringSerdes serdes) {
    return driver.createOutputTopic(
        Topics.TOPIC_STATUS.name(),
        Serdes.String().deserializer(),
        serdes.topicStatus().deserializer());
  }
}
