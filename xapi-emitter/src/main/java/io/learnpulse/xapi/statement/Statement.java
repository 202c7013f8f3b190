package io.learnpulse.xapi.statement;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One xAPI 1.0.3 statement as LearnPulse makes them: an agent identified by an account, a verb, an
 * activity, an optional result, a context and the time of the fact. {@link StatementJson} writes
 * it.
 *
 * @param id statement id, a UUID v5 of the source fact and the kind
 * @param kind what the statement says (not part of the JSON; used for routing, metrics and
 *     dead-letter headers)
 * @param actor the learner's account
 * @param verb the verb
 * @param object the activity acted on
 * @param result the outcome, if the statement has one
 * @param context registration, parent and grouping activities, extensions
 * @param timestamp when the fact happened
 */
public record Statement(
    UUID id,
    StatementKind kind,
    Account actor,
    Verb verb,
    Activity object,
    Optional<Result> result,
    Context context,
    Instant timestamp) {

  /** Validates the statement. */
  public Statement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /**
   * An agent identified by an account on a system.
   *
   * @param homePage the tenant's home page (an IRL)
   * @param name the learner id, or its per-tenant pseudonym
   */
  public record Account(String homePage, String name) {}

  /**
   * An activity with its type and English name.
   *
   * @param id IRI of the activity
   * @param type IRI of the activity type
   * @param name English (en-US) name
   */
  public record Activity(String id, String type, String name) {}
}
