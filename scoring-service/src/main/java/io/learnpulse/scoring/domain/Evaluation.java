package io.learnpulse.scoring.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a registration's events amount to under one policy version.
 *
 * @param policyVersion the policy version used
 * @param topics status per topic of the policy that the registration has events for, in the
 *     policy's topic order
 * @param rejected events reported and ignored, in evaluation order
 */
public record Evaluation(
    int policyVersion, Map<String, TopicResult> topics, List<RejectedEvent> rejected) {

  /** Freezes the parts. */
  public Evaluation {
    topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));
    rejected = List.copyOf(rejected);
  }

  /** The status of {@code topicId}, if the registration has events for it. */
  public Optional<TopicResult> topic(String topicId) {
    return Optional.ofNullable(topics.get(topicId));
  }
}
