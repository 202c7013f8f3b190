package io.learnpulse.xapi.pipeline;

import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.xapi.statement.LearnerFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the emitter remembers of recent registrations to fill facts the events do not carry: attempt
 * numbers and hints used per answer, session and registration durations. Bounded (least recently
 * used registrations are forgotten) and in memory only: a fact is given only when the memory saw
 * what it needs (the registration's start for attempts and hints, the session's launch for
 * durations), so it is never wrong, only sometimes absent (docs/xapi.md).
 *
 * <p>Redelivered events give the same facts: answers and hints are counted as distinct ids and
 * indexes.
 */
public final class LearnerMemory {

  private final Map<UUID, Registration> registrations;

  /** A memory of at most {@code capacity} registrations. */
  public LearnerMemory(int capacity) {
    this.registrations =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UUID, Registration> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records what {@code event} tells and returns the facts for its statements. */
  public synchronized LearnerFacts observe(SpecificRecord event) {
    if (event instanceof TopicStatus status) {
      Registration r = registrations.get(status.getRegistrationId());
      if (r == null || r.startedAt == null) {
        return LearnerFacts.NONE;
      }
      return lasted(r.startedAt, status.getUpdatedAt());
    }
    EventMetadata m = metadata(event);
    if (m == null) {
      return LearnerFacts.NONE;
    }
    Registration r;
    if (event instanceof SessionStarted) {
      r = registrations.computeIfAbsent(m.getRegistrationId(), id -> new Registration());
      if (r.startedAt == null || m.getOccurredAt().isBefore(r.startedAt)) {
        r.startedAt = m.getOccurredAt();
      }
      r.complete = true;
      r.sessions.putIfAbsent(m.getSessionId(), m.getOccurredAt());
      return LearnerFacts.NONE;
    }
    if (event instanceof SessionResumed) {
      r = registrations.computeIfAbsent(m.getRegistrationId(), id -> new Registration());
      r.sessions.putIfAbsent(m.getSessionId(), m.getOccurredAt());
      return LearnerFacts.NONE;
    }
    r = registrations.get(m.getRegistrationId());
    if (r == null) {
      r = new Registration();
      registrations.put(m.getRegistrationId(), r);
    }
    if (event instanceof HintRevealed hint) {
      r.challenge(hint.getChallengeId()).hints.add(hint.getHintIndex());
      return LearnerFacts.NONE;
    }
    if (event instanceof AnswerSubmitted answer) {
      Challenge c = r.challenge(answer.getChallengeId());
      if (!c.answers.contains(answer.getAnswerId())) {
        c.answers.add(answer.getAnswerId());
      }
      if (!r.complete) {
        return LearnerFacts.NONE;
      }
      return new LearnerFacts(
          OptionalInt.of(c.answers.indexOf(answer.getAnswerId()) + 1),
          OptionalInt.of(c.hints.size()),
          Optional.empty());
    }
    Instant sessionStart = r.sessions.get(m.getSessionId());
    if (sessionStart == null) {
      return LearnerFacts.NONE;
    }
    if (event instanceof SessionAbandoned abandoned) {
      return lasted(sessionStart, abandoned.getLastHeartbeatAt());
    }
    if (event instanceof SessionSuspended || event instanceof SessionTerminated) {
      return lasted(sessionStart, m.getOccurredAt());
    }
    return LearnerFacts.NONE;
  }

  /** Registrations remembered. */
  public synchronized int size() {
    return registrations.size();
  }

  private static LearnerFacts lasted(Instant from, Instant to) {
    return to.isBefore(from) ? LearnerFacts.NONE : LearnerFacts.lasted(Duration.between(from, to));
  }

  private static EventMetadata metadata(SpecificRecord event) {
    var field = event.getSchema().getField("metadata");
    return field == null ? null : (EventMetadata) event.get(field.pos());
  }

  private static final class Registration {
    Instant startedAt;

    /** Seen from its SessionStarted: every answer and hint since is known. */
    boolean complete;

    final Map<UUID, Instant> sessions = new HashMap<>();
    final Map<String, Challenge> challenges = new HashMap<>();

    Challenge challenge(String id) {
      return challenges.computeIfAbsent(id, c -> new Challenge());
    }
  }

  private static final class Challenge {
    final List<String> answers = new ArrayList<>();
    final Set<Integer> hints = new HashSet<>();
  }
}
