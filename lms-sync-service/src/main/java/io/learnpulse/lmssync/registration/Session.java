package io.learnpulse.lmssync.registration;

import java.time.Instant;
import java.util.UUID;

/**
 * One launch of the package within a registration.
 *
 * @param id session id
 * @param registrationId registration
 * @param state ACTIVE, SUSPENDED, TERMINATED or ABANDONED
 * @param activeMillis active time of this session (what {@code session_time} reports)
 * @param lastHeartbeatAt occurred-at time of its latest heartbeat, or null
 */
public record Session(
    UUID id, UUID registrationId, String state, long activeMillis, Instant lastHeartbeatAt) {}
