package io.learnpulse.xapi.pipeline;

import io.learnpulse.xapi.delivery.StatementDispatcher;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop: reads the activity and topic-status topics, hands each record to the {@link
 * RecordProcessor}, and commits per partition only up to the lowest record not yet done, so a
 * statement the LRS has not accepted is read again after a restart or a rebalance (its
 * deterministic id makes the re-send a no-op at the LRS). An LRS outage therefore only grows lag.
 *
 * <p>Backpressure: when more than {@code maxPending} statements of active tenants are queued or in
 * flight, the loop pauses its partitions until that backlog halves. A degraded tenant (retrying,
 * unavailable, paused) does not count: its own backlog budget parks what it cannot take, so it
 * cannot stop consumption for the others.
 *
 * <p>A record that cannot be processed now ({@link RetryLaterException}: registry or tenant
 * directory unreachable) is read again: the loop seeks its partition back to it and pauses that
 * partition for {@code retryLaterPause}; the other partitions go on.
 *
 * <p>Lag ({@link #lag()}): per topic, the records of the assigned partitions after the point the
 * loop would commit, that is the log end minus the commit point; a restart reads them again.
 */
public final class EmitterLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(EmitterLoop.class);

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final List<String> topics;
  private final RecordProcessor processor;
  private final StatementDispatcher dispatcher;
  private final int maxPending;
  private final Duration pollTimeout;
  private final Duration retryLaterPause;
  private final Map<TopicPartition, PartitionOffsets> offsets = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> retryAt = new HashMap<>();
  private volatile Consumer<String, byte[]> consumer;
  private volatile boolean running = true;
  private volatile boolean backpressure;

  /** A loop over {@code topics} with consumers made by {@code consumers}. */
  public EmitterLoop(
      Supplier<Consumer<String, byte[]>> consumers,
      List<String> topics,
      RecordProcessor processor,
      StatementDispatcher dispatcher,
      int maxPending,
      Duration pollTimeout,
      Duration retryLaterPause) {
    this.consumers = consumers;
    this.retryLaterPause = retryLaterPause;
    this.topics = List.copyOf(topics);
    this.processor = processor;
    this.dispatcher = dispatcher;
    this.maxPending = maxPending;
    this.pollTimeout = pollTimeout;
  }

  @Override
  public void run() {
    consumer = consumers.get();
    try (Consumer<String, byte[]> c = consumer) {
      c.subscribe(topics, new Rebalance(c));
      try {
        while (running) {
          ConsumerRecords<String, byte[]> records = c.poll(pollTimeout);
          for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (retryAt.containsKey(tp)) {
              continue; // read again from the record that has to wait
            }
            process(c, tp, record);
          }
          commit(c, offsets.keySet(), false);
          applyBackpressure(c);
          resumeRetries(c);
          measureLag(c);
        }
      } catch (WakeupException e) {
        if (running) {
          throw e;
        }
      }
      commit(c, offsets.keySet(), true);
    } finally {
      consumer = null;
      offsets.clear();
      lag.clear();
      retryAt.clear();
      log.info("xAPI emitter loop stopped");
    }
  }

  /** Stops the loop (from another thread); committed offsets stay at the last done record. */
  public void stop() {
    running = false;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Records read and not done, all partitions. */
  public int inFlightRecords() {
    int total = 0;
    for (PartitionOffsets p : offsets.values()) {
      total += p.inFlight();
    }
    return total;
  }

  /** Per topic, records after the commit point on the partitions this loop holds. */
  public Map<String, Long> lag() {
    Map<String, Long> byTopic = new HashMap<>();
    topics.forEach(t -> byTopic.put(t, 0L));
    lag.forEach((tp, n) -> byTopic.merge(tp.topic(), n, Long::sum));
    return byTopic;
  }

  /** True while consumption is paused by backpressure. */
  public boolean backpressured() {
    return backpressure;
  }

  private void process(
      Consumer<String, byte[]> c, TopicPartition tp, ConsumerRecord<String, byte[]> record) {
    PartitionOffsets partition = offsets.computeIfAbsent(tp, p -> new PartitionOffsets());
    partition.started(record.offset());
    try {
      processor
          .process(record)
          .whenComplete(
              (fate, error) -> {
                if (error == null) {
                  partition.finished(record.offset());
                }
              });
    } catch (RetryLaterException e) {
      partition.rewound(record.offset());
      log.warn(
          "{}-{}@{} must wait {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          retryLaterPause,
          e.getMessage());
      c.seek(tp, record.offset());
      c.pause(List.of(tp));
      retryAt.put(tp, System.nanoTime() + retryLaterPause.toNanos());
    }
  }

  private void resumeRetries(Consumer<String, byte[]> c) {
    long now = System.nanoTime();
    List<TopicPartition> due =
        retryAt.entrySet().stream()
            .filter(e -> now - e.getValue() >= 0)
            .map(Map.Entry::getKey)
            .toList();
    due.forEach(retryAt::remove);
    if (!backpressure) {
      c.resume(due.stream().filter(c.assignment()::contains).toList());
    }
  }

  private void measureLag(Consumer<String, byte[]> c) {
    for (TopicPartition tp : c.assignment()) {
      OptionalLong unread = c.currentLag(tp);
      if (unread.isEmpty()) {
        continue;
      }
      PartitionOffsets p = offsets.get(tp);
      lag.put(tp, unread.getAsLong() + (p == null ? 0 : p.sinceCommitPoint()));
    }
  }

  private void commit(
      Consumer<String, byte[]> c, Collection<TopicPartition> partitions, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionOffsets p = offsets.get(tp);
      if (p == null) {
        continue;
      }
      OptionalLong offset = p.toCommit();
      if (offset.isPresent()) {
        commits.put(tp, new OffsetAndMetadata(offset.getAsLong()));
      }
    }
    if (commits.isEmpty()) {
      return;
    }
    if (sync) {
      c.commitSync(commits);
      commits.forEach(
          (tp, om) -> {
            PartitionOffsets p = offsets.get(tp);
            if (p != null) {
              p.committed(om.offset());
            }
          });
    } else {
      c.commitAsync(
          commits,
          (done, error) -> {
            if (error != null) {
              log.warn("offset commit failed (retried with the next poll): {}", error.toString());
              return;
            }
            done.forEach(
                (tp, om) -> {
                  PartitionOffsets p = offsets.get(tp);
                  if (p != null) {
                    p.committed(om.offset());
                  }
                });
          });
    }
  }

  private void applyBackpressure(Consumer<String, byte[]> c) {
    int backlog = dispatcher.activeBacklog();
    if (!backpressure && backlog > maxPending) {
      backpressure = true;
      c.pause(c.assignment());
      log.warn("{} statements waiting for LRSs: consumption paused", backlog);
    } else if (backpressure && backlog <= maxPending / 2) {
      backpressure = false;
      c.resume(c.assignment().stream().filter(tp -> !retryAt.containsKey(tp)).toList());
      log.info("statement backlog down to {}: consumption resumed", backlog);
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<String, byte[]> c;

    Rebalance(Consumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        commit(c, partitions, true);
      } catch (RuntimeException e) {
        log.warn(
            "commit on revocation failed; the new owner re-reads from the last commit: {}",
            e.toString());
      }
      // statements still in flight for these partitions finish on their own; the new owner
      // re-reads them and the LRS treats the re-sends as no-ops
      partitions.forEach(offsets::remove);
      partitions.forEach(lag::remove);
      partitions.forEach(retryAt::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(offsets::remove);
      partitions.forEach(lag::remove);
      partitions.forEach(retryAt::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (backpressure) {
        c.pause(partitions);
      }
    }
  }
}
