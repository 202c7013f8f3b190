package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.lmssync.kafka.PoisonRecordException;
import io.learnpulse.lmssync.sync.EventApplier;
import io.learnpulse.lmssync.sync.HeartbeatBatchWriter;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Heartbeats written a consumer batch at a time ({@link HeartbeatBatchWriter}, ADR 0029): the
 * stored result is the one applying the same heartbeats one by one gives, with one SCORM commit per
 * registration and batch; a heartbeat that breaks the event limits in the middle of a batch is
 * dead-lettered at once and the good ones around it are written.
 */
class HeartbeatBatchIT extends LmsSyncITSupport {

  @Autowired HeartbeatBatchWriter writer;
  @Autowired EventApplier applier;
  @Autowired MeterRegistry meters;

  @Test
  void aBatchStoresWhatOneByOneStoresWithOneCommit() throws Exception {
    Launched oneByOne = launched("SCORM_2004_4TH");
    Launched batched = launched("SCORM_2004_4TH");
    // after both launches, so the heartbeats' received-at times decide last-seen for both
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String topic = Topics.HEARTBEAT.name();
    for (Launched launched : List.of(oneByOne, batched)) {
      // stored before the batch: a heartbeat at t0+60 s, then the session suspended at t0+100 s
      Heartbeat first = heartbeat(launched, t0.plusSeconds(60), 30_000, "before", 1);
      applier.apply(first.getMetadata().getEventId(), topic, first);
      SessionSuspended suspended =
          SessionSuspended.newBuilder()
              .setMetadata(metadata(launched, t0.plusSeconds(100)))
              .setAssignmentId(launched.assignment())
              .setTopicId("t")
              .build();
      applier.applySessionEnd(suspended.getMetadata().getEventId(), "activity", suspended);
    }
    Function<Launched, List<Heartbeat>> batch =
        launched ->
            List.of(
                // older than what is stored: its time counts, its bookmark does not
                heartbeat(launched, t0.plusSeconds(30), 5_000, "stale", 2),
                heartbeat(launched, t0.plusSeconds(90), 30_000, "b1", 3),
                // before the end: does not reopen the session
                heartbeat(launched, t0.plusSeconds(80), 1_000, "older", 4),
                heartbeat(launched, t0.plusSeconds(120), 30_000, "after-end", 5),
                // a tie with the latest: the later one in the batch wins
                heartbeat(launched, t0.plusSeconds(120), 2_000, "tie", 6));
    long commitsBefore = commits(batched);

    for (Heartbeat heartbeat : batch.apply(oneByOne)) {
      applier.apply(heartbeat.getMetadata().getEventId(), topic, heartbeat);
    }
    List<Heartbeat> written = batch.apply(batched);
    assertThat(writer.write(topic, written)).isEqualTo(5);

    assertThat(state(batched)).isEqualTo(state(oneByOne));
    assertThat(state(batched).get("state")).isEqualTo("ACTIVE");
    assertThat(state(batched).get("session_ms")).isEqualTo(98_000L);
    assertThat(String.valueOf(state(batched).get("suspend_data"))).contains("tie");
    assertThat(lastCommit(batched)).isEqualTo(lastCommit(oneByOne));
    assertThat(commits(batched) - commitsBefore).as("one commit for the batch").isEqualTo(1);

    assertThat(writer.write(topic, written)).as("a redelivered batch changes nothing").isZero();
    assertThat(state(batched).get("session_ms")).isEqualTo(98_000L);
  }

  /**
   * The batch's time per challenge is written with one statement for all its registrations: the
   * same rows as one heartbeat at a time, a challenge the assignment does not have left out.
   */
  @Test
  void aBatchStoresTheTimePerChallengeOfEachRegistrationAsOneByOneDoes() throws Exception {
    Launched first = launched("SCORM_2004_4TH");
    Launched second = launchedIn(first, "learner-7", "SCORM_12");
    Launched firstBatched = launched("SCORM_2004_4TH");
    Launched secondBatched = launchedIn(firstBatched, "learner-7", "SCORM_12");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String topic = Topics.HEARTBEAT.name();
    Function<List<Launched>, List<Heartbeat>> batch =
        pair ->
            List.of(
                heartbeat(pair.get(0), t0.plusSeconds(30), 30_000, "a", 1),
                heartbeat(pair.get(1), t0.plusSeconds(30), 20_000, "a", 1),
                heartbeat(pair.get(0), t0.plusSeconds(60), 30_000, "b", 1),
                heartbeat(pair.get(0), t0.plusSeconds(90), 15_000, "a", 2),
                heartbeat(pair.get(1), t0.plusSeconds(60), 45_000, "not-a-challenge-of-t", 1));

    for (Heartbeat heartbeat : batch.apply(List.of(first, second))) {
      applier.apply(heartbeat.getMetadata().getEventId(), topic, heartbeat);
    }
    writer.write(topic, batch.apply(List.of(firstBatched, secondBatched)));

    assertThat(challengeTime(firstBatched)).isEqualTo(Map.of("a", 45_000L, "b", 30_000L));
    assertThat(challengeTime(secondBatched)).isEqualTo(Map.of("a", 20_000L));
    assertThat(challengeTime(firstBatched)).isEqualTo(challengeTime(first));
    assertThat(challengeTime(secondBatched)).isEqualTo(challengeTime(second));
  }

  @Test
  void onePoisonInABatchOfGoodOnesIsDeadLetteredAtOnceAndTheOthersAreWritten() throws Exception {
    List<Launched> learners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      learners.add(launched("SCORM_2004_4TH"));
    }
    Launched poisoned = learners.get(1);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);
    int partition = 3;
    long sentAt = System.nanoTime();
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      // one partition, one flush: the consumer gets them in one poll (if not, the rule holds too)
      for (int round = 0; round < 3; round++) {
        for (Launched launched : learners) {
          producer.send(
              new ProducerRecord<>(
                  Topics.HEARTBEAT.name(),
                  partition,
                  launched.key(),
                  heartbeat(launched, t0.plusSeconds(30L * round), 10_000, "c" + round, round)));
          if (round == 1 && launched == poisoned) {
            producer.send(
                new ProducerRecord<>(
                    Topics.HEARTBEAT.name(),
                    partition,
                    poisoned.key(),
                    heartbeat(poisoned, t0.plusSeconds(31), Long.MAX_VALUE - 7, "poison", 9)));
          }
        }
      }
      producer.flush();
    }

    // With the ~10 s of retries of a retryable failure the records behind it would wait.
    await()
        .atMost(Duration.ofSeconds(8))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (Launched launched : learners) {
                assertThat(state(launched).get("session_ms"))
                    .as("every good heartbeat written")
                    .isEqualTo(30_000L);
              }
            });
    assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(Duration.ofSeconds(8));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        rawRecordsWithKey(
                            Topics.HEARTBEAT.deadLetterTopic().orElseThrow(), poisoned.key()))
                    .singleElement()
                    .satisfies(
                        r ->
                            assertThat(
                                    DeadLetterHeaders.text(
                                        r.headers(), DeadLetterHeaders.EXCEPTION_FQCN))
                                .contains(PoisonRecordException.class.getName())));
    assertThat(state(poisoned).get("registration_ms")).isEqualTo(30_000L);
    assertThat(String.valueOf(state(poisoned).get("suspend_data"))).contains("c2");
  }

  /**
   * ADR 41: heartbeats arriving a few at a time (here 12 in about 300 ms) are held by the broker
   * until 64 KiB or 250 ms, so the listener writes them in a few batches instead of one transaction
   * and one offset commit each. Counted with spring-kafka's listener timer, one per batch.
   */
  @Test
  void heartbeatsArrivingAFewAtATimeAreWrittenInAFewBatches() throws Exception {
    List<Launched> learners = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      learners.add(launched("SCORM_2004_4TH"));
    }
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long batchesBefore = heartbeatBatches();
    ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      List<ScheduledFuture<?>> sends = new ArrayList<>();
      for (int i = 0; i < learners.size(); i++) {
        Launched launched = learners.get(i);
        sends.add(
            sender.schedule(
                () -> {
                  producer.send(
                      new ProducerRecord<>(
                          Topics.HEARTBEAT.name(),
                          launched.key(),
                          heartbeat(launched, t0, 10_000, "spaced", 1)));
                  producer.flush();
                  return null;
                },
                25L * i,
                TimeUnit.MILLISECONDS));
      }
      for (ScheduledFuture<?> send : sends) {
        send.get(10, TimeUnit.SECONDS);
      }
    } finally {
      sender.shutdownNow();
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (Launched launched : learners) {
                assertThat(state(launched).get("session_ms")).isEqualTo(10_000L);
              }
            });
    long batches = heartbeatBatches() - batchesBefore;
    assertThat(batches)
        .as("listener calls for 12 heartbeats sent 25 ms apart (one each without ADR 41)")
        .isBetween(1L, 4L);
  }

  /** How many batches the heartbeat listener has been called with (spring-kafka's timer). */
  private long heartbeatBatches() {
    return meters.find("spring.kafka.listener").timers().stream()
        .filter(t -> String.valueOf(t.getId().getTag("name")).startsWith("lms-sync-heartbeat"))
        .mapToLong(Timer::count)
        .sum();
  }

  private static Heartbeat heartbeat(
      Launched launched, Instant at, long activeMillis, String challenge, int step) {
    return Heartbeat.newBuilder()
        .setMetadata(metadata(launched, at))
        .setAssignmentId(launched.assignment())
        .setActiveMillis(activeMillis)
        .setBookmark(
            Bookmark.newBuilder()
                .setTopicId("t")
                .setChallengeId(challenge)
                .setStep(step)
                .setRevealedHints(List.of(0, step))
                .build())
        .build();
  }

  /** The registration's stored active time per challenge. */
  private Map<String, Long> challengeTime(Launched launched) {
    Map<String, Long> time = new java.util.TreeMap<>();
    jdbc.sql(
            "select challenge_id, active_millis from registration_challenge_time"
                + " where registration_id = :r")
        .param("r", launched.registration())
        .query(
            rs -> {
              time.put(rs.getString("challenge_id"), rs.getLong("active_millis"));
            });
    return time;
  }

  /** What a heartbeat changes, for the session and its registration. */
  private Map<String, Object> state(Launched launched) {
    return jdbc.sql(
            """
            select s.active_millis as session_ms, s.last_heartbeat_at, s.last_seen_at, s.state,
              s.ended_at, r.active_millis as registration_ms, r.suspend_data, r.bookmark_at
            from sessions s join registrations r on r.id = s.registration_id where s.id = :id
            """)
        .param("id", launched.session())
        .query()
        .singleRow();
  }

  private long commits(Launched launched) {
    return jdbc.sql("select count(*) from commits where session_id = :id")
        .param("id", launched.session())
        .query(Long.class)
        .single();
  }

  private String lastCommit(Launched launched) {
    return jdbc.sql(
            "select elements::text from commits where session_id = :id"
                + " order by sequence desc limit 1")
        .param("id", launched.session())
        .query(String.class)
        .single();
  }
}
