package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.RejectedEvent.Reason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link RegistrationAggregate} amounts to under one policy version.
 *
 * @param policyVersion the policy version used
 * @param topics status per topic of the policy that the registration has events for, in the
 *     policy's topic order
 * @param rejected records ignored under the policy, per reason (duplicates of answers and reviews
 *     are not counted; redeliveries of idempotent facts are, they cannot be told apart)
 */
public record Scorecard(
    int policyVersion, Map<String, TopicResult> topics, Map<Reason, Long> rejected) {

  /** Freezes the parts. */
  public Scorecard {
    topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));
    Map<Reason, Long> counts = new EnumMap<>(Reason.class);
    counts.putAll(rejected);
    rejected = Collections.unmodifiableMap(counts);
  }

  /** The status of {@code topicId}, if the registration has events for it. */
  public Optional<TopicResult> topic(String topicId) {
    return Optional.ofNullable(topics.get(topicId));
  }
}
