package io.learnpulse.lmssync.health;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.health.PipelineFigures.DeadLetters;
import io.learnpulse.lmssync.health.PipelineFigures.GroupLag;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Reads the pipeline's figures from the brokers with the Kafka admin client: consumer lag per
 * configured group (end offsets minus committed offsets) and the size of each dead-letter topic of
 * the catalog (end minus start offsets). The answer is kept for {@code health.cache-for}, so any
 * number of consoles polling costs the brokers one round of admin requests per period.
 */
@Component
class KafkaPipeline implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(KafkaPipeline.class);
  private static final long TIMEOUT_SECONDS = 5;

  private final KafkaAdmin kafkaAdmin;
  private final Clock clock;
  private final List<String> groups;
  private final Duration cacheFor;
  private Admin admin;
  private PipelineFigures cached;

  KafkaPipeline(KafkaAdmin kafkaAdmin, Clock clock, LmsSyncProperties properties) {
    this.kafkaAdmin = kafkaAdmin;
    this.clock = clock;
    this.groups = List.copyOf(properties.health().consumerGroups());
    this.cacheFor = properties.health().cacheFor();
  }

  /** The figures, at most {@code cache-for} old. */
  synchronized PipelineFigures figures() {
    Instant now = clock.instant();
    if (cached == null || cached.asOf().plus(cacheFor).isBefore(now)) {
      cached = read(now);
    }
    return cached;
  }

  private PipelineFigures read(Instant now) {
    try {
      return new PipelineFigures(now, null, lags(), deadLetters());
    } catch (ExecutionException | TimeoutException e) {
      log.warn("pipeline figures unavailable: {}", e.toString());
      return new PipelineFigures(now, "the Kafka cluster did not answer", List.of(), List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PipelineFigures(now, "interrupted", List.of(), List.of());
    }
  }

  private List<GroupLag> lags() throws ExecutionException, InterruptedException, TimeoutException {
    List<GroupLag> rows = new ArrayList<>();
    for (String group : groups) {
      rows.add(lag(group));
    }
    return rows;
  }

  /** One group's lag; a group the brokers do not know (not started yet) is a row, not an error. */
  private GroupLag lag(String group)
      throws ExecutionException, InterruptedException, TimeoutException {
    String state;
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      ConsumerGroupDescription description =
          admin()
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      state = description.groupState().toString();
      committed =
          admin()
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // One group the brokers cannot describe (not started yet, or another protocol) is that
      // group's row; the other figures still show.
      log.debug("consumer group {} not described: {}", group, e.getCause().toString());
      return new GroupLag(
          group,
          null,
          0,
          e.getCause() instanceof GroupIdNotFoundException ? "NOT_FOUND" : "UNKNOWN");
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed.forEach(
        (tp, offset) -> {
          if (offset != null) {
            latest.put(tp, OffsetSpec.latest());
          }
        });
    if (latest.isEmpty()) {
      return new GroupLag(group, null, 0, state);
    }
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin().listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long lag = 0;
    for (TopicPartition tp : latest.keySet()) {
      lag += Math.max(0, ends.get(tp).offset() - committed.get(tp).offset());
    }
    return new GroupLag(group, lag, latest.size(), state);
  }

  private List<DeadLetters> deadLetters()
      throws ExecutionException, InterruptedException, TimeoutException {
    List<DeadLetters> rows = new ArrayList<>();
    for (TopicSpec source : Topics.ALL) {
      Optional<String> dlt = source.deadLetterTopic();
      if (dlt.isEmpty()) {
        continue;
      }
      rows.add(new DeadLetters(dlt.get(), source.name(), size(dlt.get())));
    }
    return rows;
  }

  private Long size(String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description;
    try {
      description =
          admin()
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw e;
    }
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    description
        .partitions()
        .forEach(
            p -> {
              earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
              latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
    Map<TopicPartition, ListOffsetsResultInfo> starts =
        admin().listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin().listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long records = 0;
    for (TopicPartition tp : latest.keySet()) {
      records += ends.get(tp).offset() - starts.get(tp).offset();
    }
    return records;
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }
    return admin;
  }

  @Override
  public synchronized void destroy() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
