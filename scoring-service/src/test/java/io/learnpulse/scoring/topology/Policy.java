package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.CompletionMode;
import io.learnpulse.events.v1.TopicDefinition;
import java.time.Instant;
import java.util.List;

/** Assignment policies for tests: docs/design.md's defaults, topic with challenges a and b. */
public final class Policy {

  private Policy() {}

  /** Version {@code version}, STANDARD, passing 70, challenges a and b. */
  public static AssignmentPolicy.Builder standard(int version) {
    return AssignmentPolicy.newBuilder()
        .setAssignmentId(Activity.ASSIGNMENT)
        .setTenantId(Activity.TENANT)
        .setVersion(version)
        .setTopics(
            List.of(
                TopicDefinition.newBuilder()
                    .setTopicId(Activity.TOPIC)
                    .setChallengeIds(List.of("a", "b"))
                    .build()))
        .setCompletionMode(CompletionMode.STANDARD)
        .setPublishedAt(Instant.parse("2026-03-01T00:00:00Z"));
  }
}
