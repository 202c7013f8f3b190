package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.Evaluation;
import io.learnpulse.scoring.domain.RegistrationHistory;
import io.learnpulse.scoring.domain.RegistrationHistory.Learner;
import io.learnpulse.scoring.domain.RejectedEvent;
import io.learnpulse.scoring.domain.ScoringPolicy;
import io.learnpulse.scoring.domain.TopicResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
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
 */
final class ScoringProcessor
    implements Processor<String, ScoringInput, String, Routed<TopicStatus>> {

  private static final Logger log = LoggerFactory.getLogger(ScoringProcessor.class);
  private static final char INDEX_SEPARATOR = '\u001f';
  private static final StringSerializer KEYS = new StringSerializer();

  private final Deserializer<SpecificRecord> activity;
  private final Deserializer<AssignmentPolicy> policies;
  private final Serde<TopicStatus> statuses;
  private final Map<String, KnownPolicy> policyCache = new HashMap<>();

  private ProcessorContext<String, Routed<TopicStatus>> context;
  private KeyValueStore<String, byte[]> registrationStore;
  private KeyValueStore<String, byte[]> policyStore;
  private KeyValueStore<String, String> indexStore;
  private KeyValueStore<String, byte[]> statusStore;

  /** A decoded policy and the tenant that owns it. */
  private record KnownPolicy(ScoringPolicy policy, String tenantId) {}

  ScoringProcessor(
      Deserializer<SpecificRecord> activity,
      Deserializer<AssignmentPolicy> policies,
      Serde<TopicStatus> statuses) {
    this.activity = activity;
    this.policies = policies;
    this.statuses = statuses;
  }

  @Override
  public void init(ProcessorContext<String, Routed<TopicStatus>> context) {
    this.context = context;
    this.registrationStore = context.getStateStore(ScoringTopology.REGISTRATION_STORE);
    this.policyStore = context.getStateStore(ScoringTopology.POLICY_STORE);
    this.indexStore = context.getStateStore(ScoringTopology.ASSIGNMENT_INDEX_STORE);
    this.statusStore = context.getStateStore(ScoringTopology.STATUS_STORE);
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
    byte[] bytes = record.value().value();
    ActivityFacts facts;
    UUID registrationId;
    try {
      registrationId = registrationId(record.key());
      if (bytes == null) {
        throw new RejectedRecordException("activity record without a value");
      }
      SpecificRecord value = activity.deserialize(Topics.ACTIVITY.name(), record.headers(), bytes);
      facts = ActivityFacts.of(record.key(), value);
    } catch (SerializationException | RejectedRecordException e) {
      DeadLetters.rethrowIfTransient(e);
      log.warn(
          "Dead-lettering activity record of registration {}: {}", record.key(), e.getMessage());
      context.forward(DeadLetters.of(record, bytes, e, context));
      return;
    }
    RegistrationHistory history = load(record.key());
    Optional<Learner> learnerBefore = history.learner();
    history.observeLearner(facts.learner());
    boolean added = facts.event().map(history::add).orElse(false);
    if (!added && history.learner().equals(learnerBefore)) {
      return; // a duplicate, or a session event that tells nothing new
    }
    registrationStore.put(record.key(), RegistrationStateCodec.encode(history));
    facts
        .event()
        .filter(e -> added)
        .ifPresent(
            e ->
                indexStore.put(indexKey(e.challenge().assignmentId(), record.key()), record.key()));
    publish(registrationId, history, record.timestamp(), facts.event().filter(e -> added));
  }

  private void onPolicy(Record<String, ScoringInput> record) {
    AssignmentPolicy policy =
        policies.deserialize(Topics.ASSIGNMENT.name(), record.headers(), record.value().value());
    String assignmentId = policy.getAssignmentId();
    Optional<KnownPolicy> current = policy(assignmentId);
    if (current.isPresent() && current.get().policy().version() >= policy.getVersion()) {
      return; // a redelivery, a broadcast copy, or an older version arriving late
    }
    policyStore.put(assignmentId, record.value().value());
    policyCache.put(assignmentId, new KnownPolicy(Policies.toDomain(policy), policy.getTenantId()));
    int recomputed = 0;
    String prefix = assignmentId + INDEX_SEPARATOR;
    try (KeyValueIterator<String, String> registrations = indexStore.prefixScan(prefix, KEYS)) {
      while (registrations.hasNext()) {
        KeyValue<String, String> entry = registrations.next();
        RegistrationHistory history = load(entry.value);
        publish(registrationId(entry.value), history, record.timestamp(), Optional.empty());
        recomputed++;
      }
    }
    log.info(
        "Assignment {} policy version {}: re-evaluated {} registrations of this partition",
        assignmentId,
        policy.getVersion(),
        recomputed);
  }

  /** Evaluates {@code history} under its assignment's policy and forwards what changed. */
  private void publish(
      UUID registrationId,
      RegistrationHistory history,
      long timestamp,
      Optional<ChallengeEvent> trigger) {
    Optional<String> assignmentId = history.assignmentId();
    Optional<Learner> learner = history.learner();
    if (assignmentId.isEmpty() || learner.isEmpty()) {
      return;
    }
    Optional<KnownPolicy> known = policy(assignmentId.get());
    if (known.isEmpty()) {
      return; // kept; scored when the assignment's policy arrives
    }
    if (!known.get().tenantId().equals(learner.get().tenantId())) {
      log.warn(
          "Registration {} of tenant {} names assignment {} of tenant {}: not scored",
          registrationId,
          learner.get().tenantId(),
          assignmentId.get(),
          known.get().tenantId());
      return;
    }
    Evaluation evaluation = history.evaluate(known.get().policy());
    trigger.ifPresent(event -> reportIfRejected(registrationId, event, evaluation));
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
      statusStore.put(key, statuses.serializer().serialize(Topics.TOPIC_STATUS.name(), status));
      context.forward(new Record<>(key, new Routed.Ok<>(status), timestamp));
    }
  }

  private static void reportIfRejected(
      UUID registrationId, ChallengeEvent event, Evaluation evaluation) {
    for (RejectedEvent rejected : evaluation.rejected()) {
      if (rejected.event().equals(event)) {
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
