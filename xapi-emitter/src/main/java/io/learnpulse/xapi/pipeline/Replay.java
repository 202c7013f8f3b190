package io.learnpulse.xapi.pipeline;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import io.learnpulse.xapi.statement.XapiMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two replays (README, "Replay"):
 *
 * <ul>
 *   <li>{@link #deadLetters}: re-processes a dead-letter topic (after a mapping fix) from the
 *       replay group's committed position up to the end it had when the replay started; records
 *       that fail again go back to the dead-letter topic with the new reason, and are not read
 *       again by the same replay;
 *   <li>{@link #resend}: re-sends one tenant's statements of a time range (occurred-at, or
 *       updated-at for topic status) from the source topics, without a consumer group; statements
 *       the LRS already holds are no-ops.
 * </ul>
 *
 * Each replay uses a fresh {@link LearnerMemory}, fed by the replayed records in order.
 */
public final class Replay {

  private static final Logger log = LoggerFactory.getLogger(Replay.class);

  /**
   * What a replay did.
   *
   * @param read records read
   * @param fates records per fate
   */
  public record Summary(long read, Map<RecordProcessor.Fate, Long> fates) {}

  private final Function<String, Consumer<String, byte[]>> consumers;
  private final Function<LearnerMemory, RecordProcessor> processors;
  private final int memoryRegistrations;
  private final Duration timeout;

  /**
   * Replays with consumers made by {@code consumers} (argument: group id, or null for none) and a
   * processor per run.
   */
  public Replay(
      Function<String, Consumer<String, byte[]>> consumers,
      Function<LearnerMemory, RecordProcessor> processors,
      int memoryRegistrations,
      Duration timeout) {
    this.consumers = consumers;
    this.processors = processors;
    this.memoryRegistrations = memoryRegistrations;
    this.timeout = timeout;
  }

  /** Replays {@code <sourceTopic>.dlt} with the consumer group {@code groupId}. */
  public Summary deadLetters(String sourceTopic, String groupId) {
    String dlt = DeadLetters.deadLetterTopic(sourceTopic);
    RecordProcessor processor = processors.apply(new LearnerMemory(memoryRegistrations));
    try (Consumer<String, byte[]> c = consumers.apply(groupId)) {
      List<TopicPartition> partitions = partitions(c, dlt);
      c.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed =
          c.committed(new java.util.HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata om = committed.get(tp);
        if (om == null) {
          c.seekToBeginning(List.of(tp));
        } else {
          c.seek(tp, om.offset());
        }
      }
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      Summary summary = drain(c, end, processor, r -> true, this::asOriginal);
      Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
      end.forEach((tp, offset) -> done.put(tp, new OffsetAndMetadata(offset)));
      c.commitSync(done);
      log.info("replayed {}: {}", dlt, summary);
      return summary;
    }
  }

  /** Re-sends one tenant's statements of events in [from, to). */
  public Summary resend(String tenant, Instant from, Instant to, List<String> sourceTopics) {
    RecordProcessor processor = processors.apply(new LearnerMemory(memoryRegistrations));
    try (Consumer<String, byte[]> c = consumers.apply(null)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : sourceTopics) {
        partitions.addAll(partitions(c, topic));
      }
      c.assign(partitions);
      // a record's timestamp is when it was written, at or after its event occurred
      Map<TopicPartition, Long> search = new HashMap<>();
      partitions.forEach(tp -> search.put(tp, from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(search);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp start = starts.get(tp);
        c.seek(tp, start == null ? end.get(tp) : start.offset());
      }
      Predicate<SpecificRecord> inRange =
          event -> {
            if (!XapiMapper.tenantOf(event).equals(tenant)) {
              return false;
            }
            Instant at = occurredAt(event);
            return !at.isBefore(from) && at.isBefore(to);
          };
      Summary summary = drain(c, end, processor, inRange, Function.identity());
      log.info("re-sent tenant {} from {} to {}: {}", tenant, from, to, summary);
      return summary;
    }
  }

  private Summary drain(
      Consumer<String, byte[]> c,
      Map<TopicPartition, Long> end,
      RecordProcessor processor,
      Predicate<SpecificRecord> filter,
      Function<ConsumerRecord<String, byte[]>, ConsumerRecord<String, byte[]>> rewrite) {
    List<CompletableFuture<RecordProcessor.Fate>> results = new ArrayList<>();
    long read = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reachedEnd(c, end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("replay did not reach the end offsets within " + timeout);
      }
      for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
        if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
          continue;
        }
        read++;
        results.add(processor.process(rewrite.apply(record), filter));
      }
    }
    Map<RecordProcessor.Fate, Long> fates = new EnumMap<>(RecordProcessor.Fate.class);
    for (CompletableFuture<RecordProcessor.Fate> result : results) {
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        fates.merge(result.get(left, TimeUnit.NANOSECONDS), 1L, Long::sum);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("replay interrupted", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "replay did not finish delivering within " + timeout + ": " + e, e);
      }
    }
    return new Summary(read, fates);
  }

  private static boolean reachedEnd(Consumer<String, byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitions(Consumer<String, byte[]> c, String topic) {
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("no such topic: " + topic);
    }
    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  /** A dead letter as the record it was, so a new failure goes to the same dead-letter topic. */
  private ConsumerRecord<String, byte[]> asOriginal(ConsumerRecord<String, byte[]> letter) {
    Optional<String> topic = DeadLetterHeaders.originalTopic(letter.headers());
    if (topic.isEmpty()) {
      return letter;
    }
    return new ConsumerRecord<>(
        topic.get(),
        DeadLetterHeaders.originalPartition(letter.headers()).orElse(letter.partition()),
        DeadLetterHeaders.originalOffset(letter.headers()).orElse(letter.offset()),
        DeadLetterHeaders.originalTimestamp(letter.headers()).orElse(letter.timestamp()),
        TimestampType.CREATE_TIME,
        letter.serializedKeySize(),
        letter.serializedValueSize(),
        letter.key(),
        letter.value(),
        letter.headers(),
        Optional.empty());
  }

  private static Instant occurredAt(SpecificRecord event) {
    if (event instanceof TopicStatus status) {
      return status.getUpdatedAt();
    }
    var field = event.getSchema().getField("metadata");
    return ((io.learnpulse.events.v1.EventMetadata) event.get(field.pos())).getOccurredAt();
  }
}
