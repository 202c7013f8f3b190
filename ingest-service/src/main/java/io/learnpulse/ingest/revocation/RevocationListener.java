package io.learnpulse.ingest.revocation;

import io.learnpulse.events.v1.RevocationReason;
import io.learnpulse.events.v1.SessionRevoked;
import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.auth.RevokedSessions;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads lms-sync's session revocations ({@link Topics#SESSION_REVOCATION}, ADR 26) into {@link
 * RevokedSessions}. Every replica reads every partition from the beginning, without a consumer
 * group (each replica needs all of it; nothing is committed), and keeps polling, so a revocation
 * reaches every replica within about a poll interval of lms-sync's outbox relay. Start-up waits
 * until the records present at start were read (at most {@code revocation-catch-up}, then it goes
 * on and says so), before the web server opens its port: a replica does not accept a token revoked
 * before it started. A record it cannot read is skipped and counted; nobody could repair it here.
 */
@Component
class RevocationListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RevocationListener.class);

  private static final Duration POLL = Duration.ofMillis(500);

  private final RevokedSessions revoked;
  private final Map<String, Object> config;
  private final Duration catchUp;
  private final Clock clock;
  private final AtomicLong unreadable = new AtomicLong();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile KafkaConsumer<String, Object> consumer;
  private volatile Thread worker;
  private volatile boolean running;

  RevocationListener(
      RevokedSessions revoked,
      KafkaProperties kafka,
      IngestProperties properties,
      Clock clock,
      ObjectProvider<MeterRegistry> meters) {
    this.revoked = revoked;
    this.catchUp = properties.revocationCatchUp();
    this.clock = clock;
    Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-service-revocations");
    consumerConfig.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, properties.schemaRegistryUrl());
    consumerConfig.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
    this.config = Map.copyOf(consumerConfig);
    meters.ifAvailable(
        registry -> {
          Gauge.builder("learnpulse.ingest.revoked.sessions", revoked, RevokedSessions::size)
              .description("Sessions whose tokens are refused because lms-sync revoked them")
              .register(registry);
          Gauge.builder("learnpulse.ingest.revoked.evicted", revoked, RevokedSessions::evicted)
              .description("Revocations dropped before their expiry because the set was full")
              .register(registry);
          Gauge.builder("learnpulse.ingest.revoked.unreadable", unreadable, AtomicLong::get)
              .description("Revocation records skipped because they could not be read")
              .register(registry);
        });
  }

  @Override
  public void start() {
    running = true;
    Thread thread = new Thread(this::run, "session-revocations");
    thread.setDaemon(true);
    worker = thread;
    thread.start();
    try {
      if (!caughtUp.await(catchUp.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "session revocations not read within {}; starting anyway, revoked sessions may be"
                + " accepted until they are",
            catchUp);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    AvroDeserializer<Object> values = new AvroDeserializer<>();
    values.configure(config, false);
    while (running) {
      try (KafkaConsumer<String, Object> kafka =
          new KafkaConsumer<>(config, new StringDeserializer(), values)) {
        consumer = kafka;
        consume(kafka);
        return;
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("session revocation reader failed, reconnecting: {}", e.toString());
        pause();
      }
    }
  }

  private void consume(KafkaConsumer<String, Object> kafka) {
    String topic = Topics.SESSION_REVOCATION.name();
    List<PartitionInfo> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(10));
    while (running && (partitions == null || partitions.isEmpty())) {
      pause();
      partitions = kafka.partitionsFor(topic, Duration.ofSeconds(10));
    }
    List<TopicPartition> assigned =
        partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    kafka.assign(assigned);
    kafka.seekToBeginning(assigned);
    Map<TopicPartition, Long> startEnds = kafka.endOffsets(assigned);
    Instant lastSweep = clock.instant();
    while (running) {
      ConsumerRecords<String, Object> records;
      try {
        records = kafka.poll(POLL);
      } catch (RecordDeserializationException e) {
        unreadable.incrementAndGet();
        log.warn(
            "skipping unreadable session revocation at {}: {}", e.topicPartition(), e.offset());
        kafka.seek(e.topicPartition(), e.offset() + 1);
        continue;
      }
      for (ConsumerRecord<String, Object> record : records) {
        apply(record);
      }
      if (caughtUp.getCount() > 0
          && assigned.stream().allMatch(p -> kafka.position(p) >= startEnds.get(p))) {
        log.info("session revocations read: {} sessions revoked", revoked.size());
        caughtUp.countDown();
      }
      Instant now = clock.instant();
      if (Duration.between(lastSweep, now).compareTo(Duration.ofMinutes(1)) > 0) {
        revoked.dropExpired();
        lastSweep = now;
      }
    }
  }

  private void apply(ConsumerRecord<String, Object> record) {
    if (!(record.value() instanceof SessionRevoked revocation)) {
      if (record.value() != null) {
        unreadable.incrementAndGet();
      }
      return;
    }
    revoked.revoke(
        revocation.getMetadata().getSessionId(),
        revocation.getReason() == RevocationReason.TERMINATED
            ? RevokedSessions.Reason.TERMINATED
            : RevokedSessions.Reason.SUPERSEDED,
        revocation.getRevokedUntil());
  }

  private void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, Object> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    Thread thread = worker;
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the web server (which starts in the last phase) opens its port. */
  @Override
  public int getPhase() {
    return 0;
  }
}
