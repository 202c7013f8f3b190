package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.RegistrationAggregate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the registration store keeps of one registration: its aggregate and, per topic, what was
 * last published for it (ADR 38), in place of a store of the published statuses. A status is a
 * function of the aggregate, the policy and the learner, so the digest tells whether a new status
 * says something else than the last one, and the status query recomputes the status and gives it
 * the published {@code updatedAt}.
 */
final class StoredRegistration {

  private final RegistrationAggregate aggregate;
  private final Map<String, Published> published;

  /**
   * What was last published for one topic.
   *
   * @param digest {@link TopicStatuses#digest} of the status: its Avro bytes but {@code updatedAt}
   * @param updatedAt the published status's {@code updatedAt}
   */
  record Published(long digest, Instant updatedAt) {
    /** Checks the time is present. */
    Published {
      Objects.requireNonNull(updatedAt, "updatedAt");
    }
  }

  /** A registration nothing was published for yet (or whose state predates version 4). */
  StoredRegistration(RegistrationAggregate aggregate) {
    this(aggregate, new LinkedHashMap<>());
  }

  /** A registration with what was last published per topic ({@code published} is kept). */
  StoredRegistration(RegistrationAggregate aggregate, Map<String, Published> published) {
    this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
    this.published = Objects.requireNonNull(published, "published");
  }

  RegistrationAggregate aggregate() {
    return aggregate;
  }

  /** What was last published for {@code topicId}, if known. */
  Optional<Published> published(String topicId) {
    return Optional.ofNullable(published.get(topicId));
  }

  /** Notes that a status of {@code topicId} was published. */
  void publish(String topicId, Published status) {
    published.put(topicId, status);
  }

  /** Every topic's last publication, in the order the topics were first published. */
  Map<String, Published> published() {
    return Collections.unmodifiableMap(published);
  }
}
