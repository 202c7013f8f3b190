package io.learnpulse.xapi.delivery;

import io.learnpulse.xapi.statement.Statement;
import java.util.UUID;

/**
 * A statement on its way to a tenant's LRS.
 *
 * @param statement the statement
 * @param json its JSON, written once
 * @param registration the LearnPulse registration, which picks the lane (and so keeps order)
 * @param outcome told once what became of the statement
 */
public record Outbound(Statement statement, String json, UUID registration, Outcome outcome) {

  /** What became of a statement; called exactly once, from a delivery thread. */
  public interface Outcome {

    /**
     * The LRS holds the statement: it accepted it now, already had it, or ({@code conflict}) holds
     * a different statement with the same id, which for LearnPulse's deterministic ids means an
     * earlier version of the same fact.
     */
    void delivered(boolean conflict);

    /** The LRS refuses this statement by itself (400 or 413 for a batch of one). */
    void rejected(int status, String reason);

    /**
     * The tenant cannot take statements now (paused, unavailable, failing) and its backlog is over
     * its budget: the statement leaves memory so the shared partitions' offsets move on; the caller
     * parks its record (dead-letter topic, replayable) with {@code reason}.
     */
    void parked(String reason);

    /**
     * The tenant's xAPI was disabled or the tenant deleted while the statement waited: it is
     * dropped deliberately (counted and logged) and will not be sent.
     */
    void dropped(String reason);
  }
}
