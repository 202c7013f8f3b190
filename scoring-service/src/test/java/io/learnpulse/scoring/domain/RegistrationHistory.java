package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.RejectedEvent.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Test reference of the scoring contract: a registration's whole event history, deduplicated and
 * sorted, evaluated by {@link Scorer#evaluate(ScoringPolicy, List)}. Every evaluation is checked
 * against the bounded {@link RegistrationAggregate} the service keeps, fed the same events in the
 * same arrival order: any difference in a topic status (or, without redeliveries, in the rejected
 * counts) fails the test that evaluated. So every test written against this class tests both.
 */
final class RegistrationHistory {

  /** Caps far above anything the tests generate, so the aggregate never refuses an event. */
  static final StateLimits UNCAPPED = new StateLimits(10_000, 10_000, 10_000, Integer.MAX_VALUE);

  private final String registrationId;
  private final TreeSet<ChallengeEvent> events = new TreeSet<>(ChallengeEvent.ORDER);
  private final Set<UUID> eventIds = new HashSet<>();
  private final RegistrationAggregate aggregate;
  private boolean redelivered;

  /** An empty history of {@code registrationId}. */
  RegistrationHistory(String registrationId) {
    this.registrationId = registrationId;
    this.aggregate = new RegistrationAggregate(registrationId, UNCAPPED);
  }

  /** A history of {@code events}, added in the order given. */
  static RegistrationHistory restore(
      String registrationId, Optional<Learner> learner, Collection<ChallengeEvent> events) {
    RegistrationHistory history = new RegistrationHistory(registrationId);
    learner.ifPresent(history.aggregate::observeLearner);
    events.forEach(history::add);
    return history;
  }

  String registrationId() {
    return registrationId;
  }

  /** Adds an event; false (and nothing changes) when its id was seen before. */
  boolean add(ChallengeEvent event) {
    aggregate.add(event);
    if (!eventIds.add(event.eventId())) {
      redelivered = true;
      return false;
    }
    events.add(event);
    return true;
  }

  /** The events, deduplicated, in evaluation order. */
  List<ChallengeEvent> events() {
    return List.copyOf(events);
  }

  /** The assignment of the registration: the one its earliest event names. */
  Optional<String> assignmentId() {
    Optional<String> reference =
        events.isEmpty()
            ? Optional.empty()
            : Optional.of(events.first().challenge().assignmentId());
    if (!reference.equals(aggregate.assignmentId())) {
      throw new AssertionError(
          "aggregate's assignment " + aggregate.assignmentId() + " differs from " + reference);
    }
    return reference;
  }

  /** Every assignment any event names, in the order of their earliest events. */
  Set<String> assignmentIds() {
    Set<String> ids = new LinkedHashSet<>();
    events.forEach(e -> ids.add(e.challenge().assignmentId()));
    if (!List.copyOf(ids).equals(List.copyOf(aggregate.assignmentIds()))) {
      throw new AssertionError(
          "aggregate's assignments " + aggregate.assignmentIds() + " differ from " + ids);
    }
    return ids;
  }

  /** The reference evaluation, after checking that the aggregate agrees with it. */
  Evaluation evaluate(ScoringPolicy policy) {
    Evaluation reference = Scorer.evaluate(policy, new ArrayList<>(events));
    Scorecard bounded = aggregate.evaluate(policy);
    if (!bounded.topics().equals(reference.topics())) {
      throw new AssertionError(
          "aggregate's topics " + bounded.topics() + " differ from " + reference.topics());
    }
    Map<Reason, Long> rejected = new EnumMap<>(Reason.class);
    reference.rejected().forEach(r -> rejected.merge(r.reason(), 1L, Long::sum));
    if (!redelivered && !bounded.rejected().equals(rejected)) {
      throw new AssertionError(
          "aggregate's rejected counts " + bounded.rejected() + " differ from " + rejected);
    }
    return reference;
  }
}
