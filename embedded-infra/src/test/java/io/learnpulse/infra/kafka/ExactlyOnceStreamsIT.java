package io.learnpulse.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.TestDirs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams with exactly_once_v2 (transactions, a changelogged store) on the embedded broker.
 */
class ExactlyOnceStreamsIT {

  @Test
  void countsWithExactlyOnceV2() throws Exception {
    try (KraftBroker broker = KraftBroker.builder().build().start()) {
      broker.createTopics(
          List.of(new NewTopic("words", 3, (short) 1), new NewTopic("counts", 3, (short) 1)));

      StreamsBuilder builder = new StreamsBuilder();
      builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
          .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
          .count(
              Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("word-counts")
                  .withKeySerde(Serdes.String())
                  .withValueSerde(Serdes.Long()))
          .toStream()
          .mapValues(String::valueOf)
          .to("counts", Produced.with(Serdes.String(), Serdes.String()));
      Properties config = new Properties();
      config.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-" + UUID.randomUUID());
      config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      config.put(StreamsConfig.STATE_DIR_CONFIG, TestDirs.fresh("streams-").toString());
      config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);

      try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
        streams.start();
        try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
          for (String word : List.of("a", "b", "a", "c", "a")) {
            producer.send(new ProducerRecord<>("words", word, word)).get();
          }
        }

        Map<String, String> latest = new java.util.HashMap<>();
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "eos-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
          consumer.subscribe(List.of("counts"));
          await()
              .atMost(Duration.ofSeconds(60))
              .failFast(
                  "the streams client failed",
                  () ->
                      streams.state() == KafkaStreams.State.ERROR
                          || streams.state() == KafkaStreams.State.PENDING_ERROR)
              .until(
                  () -> {
                    consumer
                        .poll(Duration.ofMillis(200))
                        .forEach(
                            r -> {
                              latest.put(r.key(), r.value());
                              seen.add(r.key() + "=" + r.value());
                            });
                    return "3".equals(latest.get("a"))
                        && "1".equals(latest.get("b"))
                        && "1".equals(latest.get("c"));
                  });
        }
        assertThat(seen).isNotEmpty();
        assertThat(latest).containsEntry("a", "3").containsEntry("b", "1").containsEntry("c", "1");
      }
    }
  }
}
