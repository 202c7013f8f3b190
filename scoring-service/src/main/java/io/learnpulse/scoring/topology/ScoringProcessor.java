package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.domain.RejectedEvent;
import io.learnpulse.scoring.domain.Scorecard;
import io.learnpulse.scoring.domain.ScoringPolicy;
import io.learnpulse.scoring.domain.StateLimitExceededException;
import io.learnpulse.scoring.domain.StateLimits;
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
 * Scores the registrations of one activity partition. Per registration it keeps a bounded aggregate
 * of its challenge events ({@link RegistrationAggregate}; an event that would break a {@link
 * StateLimits} cap, or make the encoded state larger than allowed, is dead-lettered as invalid and
 * counted); per assignment the latest policy (every partition receives every policy) and the
 * registrations that belong to it. An activity event re-evaluates its registration; a newer policy
 * version re-evaluates every registration of its assignment, including those whose events arrived
 * before any policy did (their ignored events are counted as rejected when the assignment's first
 * policy arrives). A topic status is forwarded only when it differs from the last one forwarded for
 * that key (when it was updated does not count): the registration's state keeps a digest of each
 * topic's last published status and its {@code updatedAt} ({@link StoredRegistration}, ADR 38), so
 * a scored event writes one state record and the status record.
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
  private final StateLimits limits;
  private final Map<String, KnownPolicy> policyCache = new HashMap<>();
  private TopicStatusWriter statusWriter;

  private ProcessorContext<String, Routed<byte[]>> context;
  private KeyValueStore<String, byte[]> registrationStore;
  private KeyValueStore<String, byte[]> policyStore;
  private KeyValueStore<String, String> indexStore;

  /** A status to forward (Confluent wire format), with the CloudEvents headers it goes with. */
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
      ScoringMetrics metrics,
      StateLimits limits) {
    this.activity = activity;
    this.policies = policies;
    this.statuses = statuses;
    this.metrics = metrics;
    this.limits = limits;
  }

  @Override
  public void init(ProcessorContext<String, Routed<byte[]>> context) {
    this.context = context;
    this.registrationStore = context.getStateStore(ScoringTopology.REGISTRATION_STORE);
    this.policyStore = context.getStateStore(ScoringTopology.POLICY_STORE);
    this.indexStore = context.getStateStore(ScoringTopology.ASSIGNMENT_INDEX_STORE);
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
      if (e.getCause() instanceof StateLimitExceededException refused) {
        metrics.stateLimitExceeded(refused.limit());
      }
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
    StoredRegistration stored = load(record.key());
    RegistrationAggregate aggregate = stored.aggregate();
    Optional<String> assignmentBefore = aggregate.assignmentId();
    boolean newAssignment =
        facts.event().map(e -> !aggregate.names(e.challenge().assignmentId())).orElse(false);
    boolean learnerChanged = aggregate.observeLearner(facts.learner());
    Optional<ChallengeEvent> added;
    try {
      added = facts.event().filter(aggregate::add);
    } catch (StateLimitExceededException e) {
      throw new RejectedRecordException("refused: " + e.getMessage(), e);
    }
    if (added.isEmpty() && !learnerChanged) {
      return Update.none(record.key()); // a duplicate, or a session event that tells nothing new
    }
    String indexKey =
        newAssignment
            ? added.map(e -> indexKey(e.challenge().assignmentId(), record.key())).orElse(null)
            : null;
    // statuses of a topic depend only on the registration's assignment, learner and the events
    // naming that topic of that assignment: when the first two stay, only the event's topic can
    // change (none when it names another assignment; the topic of that name is compared anyway)
    Optional<String> onlyTopic =
        !learnerChanged && added.isPresent() && aggregate.assignmentId().equals(assignmentBefore)
            ? Optional.of(added.get().challenge().topicId())
            : Optional.empty();
    List<Change> changes = changes(registrationId, stored, added, false, onlyTopic);
    byte[] state = RegistrationStateCodec.encode(stored);
    if (state.length > limits.maxStateBytes()) {
      throw new RejectedRecordException(
          "refused: the state of registration "
              + record.key()
              + " would take "
              + state.length
              + " bytes, more than the "
              + limits.maxStateBytes()
              + " allowed",
          new StateLimitExceededException(
              StateLimitExceededException.Limit.STATE_BYTES, "state of " + record.key()));
    }
    return new Update(record.key(), state, indexKey, changes);
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
    // events that arrived before the assignment's first policy were never judged: count the ones
    // it ignores now (later versions re-judge events that were counted already)
    boolean firstPolicy = current.isEmpty();
    policyStore.put(assignmentId, record.value().value());
    policyCache.put(assignmentId, KnownPolicy.of(policy));
    int recomputed = 0;
    int failed = 0;
    String prefix = assignmentId + INDEX_SEPARATOR;
    try (KeyValueIterator<String, String> registrations = indexStore.prefixScan(prefix, KEYS)) {
      while (registrations.hasNext()) {
        String registrationId = registrations.next().value;
        Update update;
        try {
          StoredRegistration stored = load(registrationId);
          boolean countRejected =
              firstPolicy
                  && stored.aggregate().assignmentId().filter(assignmentId::equals).isPresent();
          List<Change> changes =
              changes(
                  registrationId(registrationId),
                  stored,
                  Optional.empty(),
                  countRejected,
                  Optional.empty());
          // what was published is part of the state: written when a status changed
          byte[] state = changes.isEmpty() ? null : RegistrationStateCodec.encode(stored);
          update = new Update(registrationId, state, null, changes);
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
      context.forward(
          new Record<>(
              change.key(),
              new Routed.Ok<>(change.bytes()),
              timestamp,
              change.cloudEvent().writeTo(new RecordHeaders())));
    }
  }

  /**
   * Evaluates {@code stored}'s aggregate under its assignment's policy: the statuses that differ
   * from the last published ones, noted as published in {@code stored}. Counts {@code trigger} when
   * the policy ignores it, or, with {@code countAllRejected}, every record the policy ignores. With
   * {@code onlyTopic}, only that topic's status is compared (the caller knows no other one can have
   * changed).
   */
  private List<Change> changes(
      UUID registrationId,
      StoredRegistration stored,
      Optional<ChallengeEvent> trigger,
      boolean countAllRejected,
      Optional<String> onlyTopic) {
    RegistrationAggregate aggregate = stored.aggregate();
    Optional<ScoringSubject> subject =
        ScoringSubject.of(
            aggregate,
            this::policy,
            other ->
                log.warn(
                    "Registration {} of tenant {} names assignment {} of tenant {}: not scored",
                    registrationId,
                    other.learner().tenantId(),
                    other.assignmentId(),
                    other.policy().tenantId()));
    if (subject.isEmpty()) {
      return List.of();
    }
    String assignmentId = subject.get().assignmentId();
    Learner learner = subject.get().learner();
    ScoringPolicy policy = subject.get().policy().policy();
    Scorecard scorecard = aggregate.evaluate(policy);
    trigger.ifPresent(event -> reportIfRejected(registrationId, aggregate, policy, event));
    if (countAllRejected) {
      scorecard
          .rejected()
          .forEach(
              (reason, count) -> {
                metrics.rejected(reason, count);
                log.warn(
                    "Registration {}: {} events that arrived before the policy are ignored: {}",
                    registrationId,
                    count,
                    reason);
              });
    }
    List<Change> changes = new ArrayList<>(scorecard.topics().size());
    for (TopicResult result : scorecard.topics().values()) {
      if (onlyTopic.isPresent() && !onlyTopic.get().equals(result.topicId())) {
        continue;
      }
      byte[] bytes = serialized(registrationId, assignmentId, learner, result);
      long digest = TopicStatuses.digest(bytes);
      Optional<StoredRegistration.Published> previous = stored.published(result.topicId());
      if (previous.isPresent() && previous.get().digest() == digest) {
        continue;
      }
      stored.publish(
          result.topicId(), new StoredRegistration.Published(digest, result.updatedAt()));
      String key = Topics.topicStatusKey(registrationId, result.topicId());
      changes.add(new Change(key, bytes, TopicStatuses.cloudEvent(key, bytes, result.updatedAt())));
    }
    return changes;
  }

  /**
   * The status of {@code result} as the registry serializer writes it: by the serializer the first
   * time (which registers or looks up the schema id), then by a {@link TopicStatusWriter} framing
   * with that id (the same bytes, without building the Avro record).
   */
  private byte[] serialized(
      UUID registrationId, String assignmentId, Learner learner, TopicResult result) {
    if (statusWriter == null) {
      byte[] bytes =
          statuses
              .serializer()
              .serialize(
                  Topics.TOPIC_STATUS.name(),
                  TopicStatuses.of(registrationId, assignmentId, learner, result));
      statusWriter = new TopicStatusWriter(bytes);
      return bytes;
    }
    return statusWriter.write(registrationId, assignmentId, learner, result);
  }

  private void reportIfRejected(
      UUID registrationId,
      RegistrationAggregate aggregate,
      ScoringPolicy policy,
      ChallengeEvent event) {
    Optional<RejectedEvent.Reason> reason = aggregate.rejection(policy, event);
    if (reason.isPresent()) {
      metrics.rejected(reason.get(), 1);
      log.warn(
          "Registration {}: event {} for challenge {} of topic {} ignored: {}",
          registrationId,
          event.eventId(),
          event.challenge().challengeId(),
          event.challenge().topicId(),
          reason.get());
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
    KnownPolicy known = KnownPolicy.of(policies.deserialize(Topics.ASSIGNMENT.name(), stored));
    policyCache.put(assignmentId, known);
    return Optional.of(known);
  }

  private StoredRegistration load(String registrationId) {
    byte[] stored = registrationStore.get(registrationId);
    return stored == null
        ? new StoredRegistration(new RegistrationAggregate(registrationId, limits))
        : RegistrationStateCodec.read(stored, limits);
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
