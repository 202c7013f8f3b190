package io.learnpulse.schemas.topics;

import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.ScormCommitted;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionRevoked;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.TopicSpec.Cleanup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topic catalog: every topic LearnPulse reads or writes, in one immutable place. Services take
 * names from here (or from configuration defaulting to here), never from string literals.
 *
 * <p>Keys are the registration id (a UUID as text) for everything about one learner's attempt, so
 * its events stay in order on one partition; the assignment id for policies; {@code
 * <registrationId>/<topicId>} for topic status; the session id for session revocations.
 */
public final class Topics {

  /** Partition count of the per-registration topics: the ceiling of consumer parallelism. */
  public static final int REGISTRATION_PARTITIONS = 12;

  /** Every learner and session fact except heartbeats. */
  public static final TopicSpec ACTIVITY =
      new TopicSpec(
          "learnpulse.activity.v1",
          String.class,
          List.of(
              SessionStarted.class,
              SessionResumed.class,
              ChallengeOpened.class,
              StepReached.class,
              HintRevealed.class,
              AnswerSubmitted.class,
              AnswerReviewed.class,
              SessionSuspended.class,
              SessionTerminated.class,
              SessionAbandoned.class),
          REGISTRATION_PARTITIONS,
          Cleanup.DELETE,
          Optional.of(Duration.ofDays(30)),
          true,
          "Learner and session activity, keyed by registration id.");

  /** High-volume heartbeats with active time and bookmark. */
  public static final TopicSpec HEARTBEAT =
      new TopicSpec(
          "learnpulse.heartbeat.v1",
          String.class,
          List.of(Heartbeat.class),
          REGISTRATION_PARTITIONS,
          Cleanup.DELETE,
          Optional.of(Duration.ofDays(2)),
          true,
          "Player heartbeats (every 30 s while active), keyed by registration id.");

  /** Assignment policies, latest version per assignment. */
  public static final TopicSpec ASSIGNMENT =
      new TopicSpec(
          "learnpulse.assignment.v1",
          String.class,
          List.of(AssignmentPolicy.class),
          3,
          Cleanup.COMPACT,
          Optional.empty(),
          true,
          "Assignment completion and scoring policies, keyed by assignment id.");

  /** Current status of each registration's topic. */
  public static final TopicSpec TOPIC_STATUS =
      new TopicSpec(
          "learnpulse.topic-status.v1",
          String.class,
          List.of(TopicStatus.class),
          REGISTRATION_PARTITIONS,
          Cleanup.COMPACT,
          Optional.empty(),
          true,
          "Topic status per registration and topic, keyed by '<registrationId>/<topicId>'.");

  /** Audit of what was committed to LMSs. */
  public static final TopicSpec SCORM_COMMIT =
      new TopicSpec(
          "learnpulse.scorm-commit.v1",
          String.class,
          List.of(ScormCommitted.class),
          REGISTRATION_PARTITIONS,
          Cleanup.DELETE,
          Optional.of(Duration.ofDays(90)),
          true,
          "SCORM values committed for a registration, keyed by registration id.");

  /**
   * How long a session revocation is kept: longer than any session token lives (lms-sync's {@code
   * token-ttl}, 12 h by default, plus ingest's clock skew), so a replica that starts reads every
   * revocation still in force.
   */
  public static final Duration SESSION_REVOCATION_RETENTION = Duration.ofDays(2);

  /** Sessions whose tokens were revoked before their expiry (ADR 0026). */
  public static final TopicSpec SESSION_REVOCATION =
      new TopicSpec(
          "learnpulse.session-revocation.v1",
          String.class,
          List.of(SessionRevoked.class),
          3,
          Cleanup.COMPACT_DELETE,
          Optional.of(SESSION_REVOCATION_RETENTION),
          false,
          "Revoked sessions (superseded by a later launch, or terminated), keyed by session id;"
              + " every ingest replica reads all of it.");

  /** All topics of the catalog. */
  public static final List<TopicSpec> ALL =
      List.of(ACTIVITY, HEARTBEAT, ASSIGNMENT, TOPIC_STATUS, SCORM_COMMIT, SESSION_REVOCATION);

  private Topics() {}

  /** Every topic of the catalog and its dead-letter topic, as Kafka admin requests. */
  public static List<NewTopic> newTopics(short replicationFactor) {
    return ALL.stream().flatMap(t -> t.newTopics(replicationFactor).stream()).toList();
  }

  /** The catalog topic named {@code name}, if any. */
  public static Optional<TopicSpec> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The dead-letter topic of the catalog topic {@code source}; the only way a service names a
   * {@code .dlt} topic.
   *
   * @throws IllegalArgumentException when {@code source} is not a catalog topic with a dead-letter
   *     topic
   */
  public static String deadLetterTopicOf(String source) {
    return byName(source)
        .flatMap(TopicSpec::deadLetterTopic)
        .orElseThrow(
            () ->
                new IllegalArgumentException(source + " is not a topic with a dead-letter topic"));
  }

  /** The catalog topic whose dead-letter topic is {@code name}, if {@code name} is one. */
  public static Optional<TopicSpec> deadLetterSource(String name) {
    return ALL.stream()
        .filter(t -> t.deadLetterTopic().filter(name::equals).isPresent())
        .findFirst();
  }

  /** Key of a topic-status record. */
  public static String topicStatusKey(Object registrationId, String topicId) {
    return registrationId + "/" + topicId;
  }
}
