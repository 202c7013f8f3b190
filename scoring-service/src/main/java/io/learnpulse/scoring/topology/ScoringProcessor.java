package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.Evaluation;
import io.learnpulse.scoring.domain.RegistrationHistory;
import io.learnpulse.scoring.domain.RegistrationHistory.Learner;
import io.learnpulse.scoring.domain.RejectedEvent;
import io.learnpulse.scoring.domain.ScoringPolicy;
import io.learnpulse.scoring.domain.TopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the registrations of one activity partition. Per registration it keeps the raw challenge
 * events ({@link RegistrationHistory}); per assignment the latest policy (every partition receives
 * every policy) and the registrations that belong to it. An activity event re-evaluates its
 * registration; a newer policy version re-evaluates every registration of its assignment, including
 * those whose events arrived before any policy did. A topic status is forwarded only when it
 * differs from the last one forwarded for that key (when it was updated does not count).
 *
 * <p>Each record is handled in two steps: everything that can fail because of the record or the
 * state it meets (reading it, decoding stored state, scoring) is computed first, without writing;
 * only then are the stores written and the statuses forwarded. A record whose first step fails goes
 * to its source's dead-letter topic and leaves no trace in the stores; failures of the second step
 * are Kafka Streams' own (stores, producer) and fail the task, so exactly-once retries it from the
 * last commit.
 */
final class ScoringProcessor implements Processor<String, ScoringInput, String, Routed<byte[]>> {

  private static final Logger log = LoggerFactory.getLogger(ScoringProcessor.class);
  private static final char INDEX_SEPARATOR = '\u001f';
  private static final StringSerializer KEYS = new StringSerializer();
  private static final String ACTIVITY_DLT = Topics.ACTIVITY.deadLetterTopic().orElseThrow();
  private static final String ASSIGNMENT_DLT = Topics.ASSIGNMENT.deadLetterTopic().orElseThrow();

  private final Deserializer<SpecificRecord> activity;
  private final Deserializer<AssignmentPolicy> policies;
  private final Serde<TopicStatus> statuses;
  private final ScoringMetrics metrics;
  private final Map<String, KnownPolicy> policyCache = new HashMap<>();

  private ProcessorContext<String, Routed<byte[]>> context;
  private KeyValueStore<String, byte[]> registrationStore;
  private KeyValueStore<String, byte[]> policyStore;
  private KeyValueStore<String, String> indexStore;
  private KeyValueStore<String, byte[]> statusStore;

  /** A decoded policy and the tenant that owns it. */
  private record KnownPolicy(ScoringPolicy policy, String tenantId) {}

  /**
   * A status to store and forward, serialized once for both (Confluent wire format), with the
   * CloudEvents headers it is forwarded with.
   */
  private record Change(String key, byte[] bytes, CloudEventHeaders cloudEvent) {}

  /**
   * What one registration's re-evaluation writes.
   *
   * @param registrationId the registration
   * @param state its new encoded state, or null when unchanged
   * @param indexKey a new entry of the assignment index, or null
   * @param changes statuses that changed
   */
  private record Update(
      String registrationId, byte[] state, String indexKey, List<Change> changes) {
    static Update none(String registrationId) {
      return new Update(registrationId, null, null, List.of());
    }
  }

  ScoringProcessor(
      Deserializer<SpecificRecord> activity,
      Deserializer<AssignmentPolicy> policies,
      Serde<TopicStatus> statuses,
      ScoringMetrics metrics) {
    this.activity = activity;
    this.policies = policies;
    this.statuses = statuses;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Routed<byte[]>> context) {
    this.context = context;
    this.registrationStore = context.getStateStore(ScoringTopology.REGISTRATION_STORE);
    this.policyStore = context.getStateStore(ScoringTopology.POLICY_STORE);
    this.indexStore = context.getStateStore(ScoringTopology.ASSIGNMENT_INDEX_STORE);
    this.statusStore = context.getStateStore(ScoringTopology.STATUS_STORE);
    // a task revived after a failure is re-initialized with its stores rolled back to the last
    // commit: a policy cached since then may never have been committed
    policyCache.clear();
  }

  @Override
  public void process(Record<String, ScoringInput> record) {
    if (record.value().kind() == ScoringInput.Kind.POLICY) {
      onPolicy(record);
    } else {
      onActivity(record);
    }
  }

  private void onActivity(Record<String, ScoringInput> record) {
    Update update;
    try {
      update = evaluateActivity(record);
    } catch (RuntimeException e) {
      DeadLetters.rethrowIfInfrastructure(e);
      deadLetter(record, e, Topics.ACTIVITY.name(), ACTIVITY_DLT);
      return;
    }
    apply(update, record.timestamp());
  }

  /** Reads the record, adds it to its registration and scores the result; writes nothing. */
  private Update evaluateActivity(Record<String, ScoringInput> record) {
    UUID registrationId = registrationId(record.key());
    byte[] bytes = record.value().value();
    if (bytes == null) {
      throw new RejectedRecordException("activity record without a value");
    }
    SpecificRecord value = activity.deserialize(Topics.ACTIVITY.name(), record.headers(), bytes);
    ActivityFacts facts = ActivityFacts.of(record.key(), value);
    RegistrationHistory history = load(record.key());
    Optional<Learner> learnerBefore = history.learner();
    boolean newAssignment =
        facts
            .event()
            .map(e -> !history.assignmentIds().contains(e.challenge().assignmentId()))
            .orElse(false);
    history.observeLearner(facts.learner());
    Optional<ChallengeEvent> added = facts.event().filter(history::add);
    if (added.isEmpty() && history.learner().equals(learnerBefore)) {
      return Update.none(record.key()); // a duplicate, or a session event that tells nothing new
    }
    String indexKey =
        newAssignment
            ? added.map(e -> indexKey(e.challenge().assignmentId(), record.key())).orElse(null)
            : null;
    return new Update(
        record.key(),
        RegistrationStateCodec.encode(history),
        indexKey,
        changes(registrationId, history, added));
  }

  private void onPolicy(Record<String, ScoringInput> record) {
    AssignmentPolicy policy;
    try {
      policy =
          policies.deserialize(Topics.ASSIGNMENT.name(), record.headers(), record.value().value());
      Policies.toDomain(policy);
    } catch (RuntimeException e) {
      DeadLetters.rethrowIfInfrastructure(e);
      deadLetter(record, e, Topics.ASSIGNMENT.name(), ASSIGNMENT_DLT);
      return;
    }
    String assignmentId = policy.getAssignmentId();
    Optional<KnownPolicy> current = policy(assignmentId);
    if (current.isPresent() && current.get().policy().version() >= policy.getVersion()) {
      return; // a redelivery, a broadcast copy, or an older version arriving late
    }
    policyStore.put(assignmentId, record.value().value());
    policyCache.put(assignmentId, new KnownPolicy(Policies.toDomain(policy), policy.getTenantId()));
    int recomputed = 0;
    int failed = 0;
    String prefix = assignmentId + INDEX_SEPARATOR;
    try (KeyValueIterator<String, String> registrations = indexStore.prefixScan(prefix, KEYS)) {
      while (registrations.hasNext()) {
        String registrationId = registrations.next().value;
        Update update;
        try {
          update =
              new Update(
                  registrationId,
                  null,
                  null,
                  changes(registrationId(registrationId), load(registrationId), Optional.empty()));
        } catch (RuntimeException e) {
          DeadLetters.rethrowIfInfrastructure(e);
          log.error(
              "Assignment {} policy version {}: cannot re-evaluate registration {}; it keeps its"
                  + " last status",
              assignmentId,
              policy.getVersion(),
              registrationId,
              e);
          metrics.recomputeFailed();
          failed++;
          continue;
        }
        apply(update, record.timestamp());
        recomputed++;
      }
    }
    log.info(
        "Assignment {} policy version {}: re-evaluated {} registrations of this partition ({}"
            + " failed)",
        assignmentId,
        policy.getVersion(),
        recomputed,
        failed);
  }

  private void deadLetter(
      Record<String, ScoringInput> record,
      RuntimeException error,
      String sourceTopic,
      String deadLetterTopic) {
    ScoringMetrics.DeadLetterCause cause = DeadLetters.cause(error);
    if (cause == ScoringMetrics.DeadLetterCause.PROCESSING_FAILURE) {
      log.error(
          "Dead-lettering {} record of key {}: processing failed",
          sourceTopic,
          record.key(),
          error);
    } else {
      log.warn(
          "Dead-lettering {} record of key {}: {}", sourceTopic, record.key(), error.getMessage());
    }
    metrics.deadLettered(sourceTopic, cause);
    context.forward(
        DeadLetters.of(record, record.value().value(), error, context, deadLetterTopic));
  }

  /** Writes {@code update} to the stores and forwards its statuses. */
  private void apply(Update update, long timestamp) {
    if (update.state() != null) {
      registrationStore.put(update.registrationId(), update.state());
    }
    if (update.indexKey() != null) {
      indexStore.put(update.indexKey(), update.registrationId());
    }
    for (Change change : update.changes()) {
      statusStore.put(change.key(), change.bytes());
      context.forward(
          new Record<>(
              change.key(),
              new Routed.Ok<>(change.bytes()),
              timestamp,
              change.cloudEvent().writeTo(new RecordHeaders())));
    }
  }

  /** Evaluates {@code history} under its assignment's policy: the statuses that changed. */
  private List<Change> changes(
      UUID registrationId, RegistrationHistory history, Optional<ChallengeEvent> trigger) {
    Optional<String> assignmentId = history.assignmentId();
    Optional<Learner> learner = history.learner();
    if (assignmentId.isEmpty() || learner.isEmpty()) {
      return List.of();
    }
    Optional<KnownPolicy> known = policy(assignmentId.get());
    if (known.isEmpty()) {
      return List.of(); // kept; scored when the assignment's policy arrives
    }
    if (!known.get().tenantId().equals(learner.get().tenantId())) {
      log.warn(
          "Registration {} of tenant {} names assignment {} of tenant {}: not scored",
          registrationId,
          learner.get().tenantId(),
          assignmentId.get(),
          known.get().tenantId());
      return List.of();
    }
    Evaluation evaluation = history.evaluate(known.get().policy());
    trigger.ifPresent(event -> reportIfRejected(registrationId, event, evaluation));
    List<Change> changes = new ArrayList<>(evaluation.topics().size());
    for (TopicResult result : evaluation.topics().values()) {
      TopicStatus status =
          TopicStatuses.of(registrationId, assignmentId.get(), learner.get(), result);
      String key = Topics.topicStatusKey(registrationId, result.topicId());
      byte[] previous = statusStore.get(key);
      if (previous != null
          && TopicStatuses.sameStatus(
              statuses.deserializer().deserialize(Topics.TOPIC_STATUS.name(), previous), status)) {
        continue;
      }
      byte[] bytes = statuses.serializer().serialize(Topics.TOPIC_STATUS.name(), status);
      changes.add(new Change(key, bytes, TopicStatuses.cloudEvent(key, status, bytes)));
    }
    return changes;
  }

  private void reportIfRejected(UUID registrationId, ChallengeEvent event, Evaluation evaluation) {
    for (RejectedEvent rejected : evaluation.rejected()) {
      if (rejected.event().equals(event)) {
        metrics.rejected(rejected.reason());
        log.warn(
            "Registration {}: event {} for challenge {} of topic {} ignored: {}",
            registrationId,
            event.eventId(),
            event.challenge().challengeId(),
            event.challenge().topicId(),
            rejected.reason());
      }
    }
  }

  private Optional<KnownPolicy> policy(String assignmentId) {
    KnownPolicy cached = policyCache.get(assignmentId);
    if (cached != null) {
      return Optional.of(cached);
    }
    byte[] stored = policyStore.get(assignmentId);
    if (stored == null) {
      return Optional.empty();
    }
    AssignmentPolicy policy = policies.deserialize(Topics.ASSIGNMENT.name(), stored);
    KnownPolicy known = new KnownPolicy(Policies.toDomain(policy), policy.getTenantId());
    policyCache.put(assignmentId, known);
    return Optional.of(known);
  }

  private RegistrationHistory load(String registrationId) {
    byte[] stored = registrationStore.get(registrationId);
    return stored == null
        ? new RegistrationHistory(registrationId)
        : RegistrationStateCodec.decode(stored);
  }

  private static UUID registrationId(String key) {
    if (key == null) {
      throw new RejectedRecordException("activity record without a key");
    }
    try {
      return UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      throw new RejectedRecordException("key '" + key + "' is not a registration id (UUID)", e);
    }
  }

  private static String indexKey(String assignmentId, String registrationId) {
    return assignmentId + INDEX_SEPARATOR + registrationId;
  }
}
