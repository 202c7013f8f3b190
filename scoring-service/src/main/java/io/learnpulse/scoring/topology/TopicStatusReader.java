package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.domain.StateLimits;
import io.learnpulse.scoring.domain.TopicResult;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A registration's topic status as last published, computed on read (ADR 38): the status is a
 * function of the registration's aggregate, its assignment's policy and its learner, all in the
 * stores of the task that hosts the registration, so it is computed as the scoring processor
 * computes it and given the {@code updatedAt} of the status last published for the topic when it
 * says the same (the processor publishes only statuses that say something new, so a later event
 * that changed only the time was not published).
 *
 * <p>No status is found where the processor publishes none: a registration without learner,
 * assignment or policy, of another tenant than its policy's, or without an event naming a topic of
 * the policy's. A topic whose status was published under an earlier policy version or assignment
 * that no longer lists it is not found either (the status topic keeps what was published).
 */
public final class TopicStatusReader {

  private final ScoringSerdes serdes;
  private final StateLimits limits;

  /**
   * A reader of the stores' values with {@code serdes}.
   *
   * @param limits the state limits the service runs with (version 1 states are converted with them)
   */
  public TopicStatusReader(ScoringSerdes serdes, StateLimits limits) {
    this.serdes = serdes;
    this.limits = limits;
  }

  /**
   * The status of {@code topicId} of {@code registrationId}, if one was published.
   *
   * @param registrations the {@link ScoringTopology#REGISTRATION_STORE} of the registration's task
   * @param policies the {@link ScoringTopology#POLICY_STORE} of the same task
   */
  public Optional<TopicStatus> find(
      ReadOnlyKeyValueStore<String, byte[]> registrations,
      ReadOnlyKeyValueStore<String, byte[]> policies,
      String registrationId,
      String topicId) {
    byte[] state = registrations.get(registrationId);
    if (state == null) {
      return Optional.empty();
    }
    StoredRegistration stored = RegistrationStateCodec.read(state, limits);
    RegistrationAggregate aggregate = stored.aggregate();
    Optional<ScoringSubject> subject =
        ScoringSubject.of(aggregate, id -> policy(policies, id), other -> {});
    if (subject.isEmpty()) {
      return Optional.empty();
    }
    Optional<TopicResult> result =
        aggregate.evaluate(subject.get().policy().policy()).topic(topicId);
    if (result.isEmpty()) {
      return Optional.empty();
    }
    TopicStatus status =
        TopicStatuses.of(
            UUID.fromString(registrationId),
            subject.get().assignmentId(),
            subject.get().learner(),
            result.get());
    Optional<StoredRegistration.Published> published = stored.published(topicId);
    if (published.isPresent()
        && published.get().digest()
            == TopicStatuses.digest(
                serdes.topicStatus().serializer().serialize(Topics.TOPIC_STATUS.name(), status))) {
      status = TopicStatus.newBuilder(status).setUpdatedAt(published.get().updatedAt()).build();
    }
    return Optional.of(status);
  }

  private Optional<KnownPolicy> policy(
      ReadOnlyKeyValueStore<String, byte[]> policies, String assignmentId) {
    return Optional.ofNullable(policies.get(assignmentId))
        .map(
            bytes ->
                KnownPolicy.of(
                    serdes
                        .assignment()
                        .deserializer()
                        .deserialize(Topics.ASSIGNMENT.name(), bytes)));
  }
}
