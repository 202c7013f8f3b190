package io.learnpulse.xapi.statement;

import io.learnpulse.xapi.statement.Statement.Activity;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The context part of a statement.
 *
 * @param registration xAPI registration, derived from the LearnPulse registration
 * @param parent direct parent activities (the topic of a challenge, the challenge of a hint)
 * @param grouping wider activities the statement belongs to (the assignment)
 * @param platform the platform the experience happened on
 * @param extensions context extensions, IRI to JSON-compatible value
 */
public record Context(
    UUID registration,
    List<Activity> parent,
    List<Activity> grouping,
    String platform,
    Map<String, Object> extensions) {

  /** Freezes the lists and the extensions. */
  public Context {
    parent = List.copyOf(parent);
    grouping = List.copyOf(grouping);
    extensions = Map.copyOf(extensions);
  }
}
