package io.learnpulse.scoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The challenge events of one registration, deduplicated by event id and kept in {@link
 * ChallengeEvent#ORDER} whatever order they arrived in. Nothing is interpreted on the way in, so
 * the status can be recomputed from the same history for any policy version ({@link #evaluate}).
 *
 * <p>The registration's assignment is the one named by its earliest event; its learner is the one
 * named by the earliest event that carried learner facts. Both are therefore independent of arrival
 * order.
 */
public final class RegistrationHistory {

  private static final Comparator<Learner> EARLIEST_LEARNER =
      Comparator.comparing(Learner::occurredAt)
          .thenComparingLong(Learner::sequence)
          .thenComparing(Learner::eventId);

  private final String registrationId;
  private final TreeSet<ChallengeEvent> events = new TreeSet<>(ChallengeEvent.ORDER);
  private final Set<UUID> eventIds = new HashSet<>();
  private Learner learner;

  /**
   * Who the registration belongs to, and which event said so.
   *
   * @param tenantId tenant
   * @param learnerId learner
   * @param occurredAt occurred-at time of the event it was taken from
   * @param sequence sequence number of that event
   * @param eventId id of that event
   */
  public record Learner(
      String tenantId, String learnerId, Instant occurredAt, long sequence, UUID eventId) {
    /** Checks required parts. */
    public Learner {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(learnerId, "learnerId");
      Objects.requireNonNull(occurredAt, "occurredAt");
      Objects.requireNonNull(eventId, "eventId");
    }
  }

  /** An empty history of {@code registrationId}. */
  public RegistrationHistory(String registrationId) {
    this.registrationId = Objects.requireNonNull(registrationId, "registrationId");
  }

  /** A history restored from stored parts. */
  public static RegistrationHistory restore(
      String registrationId, Optional<Learner> learner, Collection<ChallengeEvent> events) {
    RegistrationHistory history = new RegistrationHistory(registrationId);
    learner.ifPresent(history::observeLearner);
    events.forEach(history::add);
    return history;
  }

  /** The registration id. */
  public String registrationId() {
    return registrationId;
  }

  /** Adds an event; false (and nothing changes) when its id was seen before. */
  public boolean add(ChallengeEvent event) {
    if (!eventIds.add(event.eventId())) {
      return false;
    }
    events.add(event);
    return true;
  }

  /** Notes who the registration belongs to; the earliest observation wins. */
  public void observeLearner(Learner observed) {
    if (learner == null || EARLIEST_LEARNER.compare(observed, learner) < 0) {
      learner = observed;
    }
  }

  /** Who the registration belongs to, once an event said so. */
  public Optional<Learner> learner() {
    return Optional.ofNullable(learner);
  }

  /** The events, deduplicated, in evaluation order. */
  public List<ChallengeEvent> events() {
    return List.copyOf(events);
  }

  /** The assignment of the registration: the one its earliest event names. */
  public Optional<String> assignmentId() {
    return events.isEmpty()
        ? Optional.empty()
        : Optional.of(events.first().challenge().assignmentId());
  }

  /** Every assignment any event names (normally one). */
  public Set<String> assignmentIds() {
    Set<String> ids = new LinkedHashSet<>();
    events.forEach(e -> ids.add(e.challenge().assignmentId()));
    return ids;
  }

  /** The status of every topic the registration has events for, under {@code policy}. */
  public Evaluation evaluate(ScoringPolicy policy) {
    return Scorer.evaluate(policy, new ArrayList<>(events));
  }
}
