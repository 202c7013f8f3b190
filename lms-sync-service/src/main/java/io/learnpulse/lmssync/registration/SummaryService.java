package io.learnpulse.lmssync.registration;

import io.learnpulse.events.v1.ScormCommitted;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.scorm.ScormSummary;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A registration's SCORM summary, and the commit rows that hand it to the bridge: a commit is
 * written, numbered per session, whenever the summary of the registration's current session differs
 * from the one last committed in that session.
 */
@Service
public class SummaryService {

  private static final TypeReference<Map<String, String>> ELEMENTS = new TypeReference<>() {};

  private final RegistrationStore registrations;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final KafkaOutbox outbox;
  private final String scormCommitTopic;
  private final Clock clock;

  SummaryService(
      RegistrationStore registrations,
      JdbcClient jdbc,
      JsonMapper json,
      KafkaOutbox outbox,
      LmsSyncProperties properties,
      Clock clock) {
    this.registrations = registrations;
    this.jdbc = jdbc;
    this.json = json;
    this.outbox = outbox;
    this.scormCommitTopic = properties.topics().scormCommit();
    this.clock = clock;
  }

  /** The summary of {@code registration} with the session time of {@code session} (or zero). */
  public ScormSummary summary(Registration registration, Session session) {
    return ScormSummary.of(
        registration.scormVersion(),
        registration.progress(),
        Duration.ofMillis(session == null ? 0 : session.activeMillis()),
        registration.bookmark().orElse(null));
  }

  /**
   * Writes a commit for the registration's latest session if its summary changed since that
   * session's last commit, or the policy version behind it did (every policy change leaves a
   * commit, ADR 0027), and its {@code ScormCommitted} audit event to the Kafka outbox; must run in
   * the transaction that changed the state.
   *
   * @return the sequence of the commit written, if one was
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Long> commitIfChanged(UUID registrationId) {
    return commit(registrationId, null);
  }

  /**
   * As {@link #commitIfChanged}, but with a {@code reason} (a session's start, a status regression
   * held or allowed) the commit is written even when nothing changed, so the commit timeline shows
   * it; the reason is stored with the commit.
   *
   * @param reason why this commit is written, or null for an ordinary change
   * @return the sequence of the commit written, if one was
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Long> commit(UUID registrationId, String reason) {
    Optional<Registration> registration = registrations.find(registrationId, false);
    Optional<Session> session = registrations.latestSession(registrationId, true);
    if (registration.isEmpty() || session.isEmpty()) {
      return Optional.empty();
    }
    ScormSummary summary = summary(registration.get(), session.get());
    UUID sessionId = session.get().id();
    Optional<LastCommit> last =
        jdbc.sql(
                """
                select elements, policy_version from commits where session_id = :sid
                order by sequence desc limit 1
                """)
            .param("sid", sessionId)
            .query(
                (rs, n) ->
                    new LastCommit(
                        json.readValue(rs.getString("elements"), ELEMENTS),
                        rs.getInt("policy_version")))
            .optional();
    boolean policyChanged =
        last.isPresent() && last.get().policyVersion() != summary.policyVersion();
    if (reason == null
        && last.isPresent()
        && !policyChanged
        && last.get().elements().equals(summary.elements())) {
      return Optional.empty();
    }
    String why =
        reason != null ? reason : policyChanged ? "policy v" + summary.policyVersion() : null;
    long sequence =
        jdbc.sql(
                """
                update sessions set last_commit_sequence = last_commit_sequence + 1
                where id = :sid returning last_commit_sequence
                """)
            .param("sid", sessionId)
            .query(Long.class)
            .single();
    jdbc.sql(
            """
            insert into commits
              (session_id, sequence, registration_id, scorm_version, policy_version, elements,
               reason)
            values (:sid, :seq, :reg, :version, :policy, cast(:elements as jsonb), :reason)
            """)
        .param("sid", sessionId)
        .param("seq", sequence)
        .param("reg", registrationId)
        .param("version", summary.version().name())
        .param("policy", summary.policyVersion() == 0 ? null : summary.policyVersion())
        .param("elements", json.writeValueAsString(summary.elements()))
        .param("reason", why)
        .update();
    publishCommitted(registration.get(), sessionId, sequence, summary);
    return Optional.of(sequence);
  }

  /** The elements and policy version (0 for none) of a session's latest commit. */
  private record LastCommit(Map<String, String> elements, int policyVersion) {}

  /**
   * The commit's audit event, keyed by registration. Its event id is a name-based UUID of session
   * and sequence: the same commit always has the same id ({@code ce_id}).
   */
  private void publishCommitted(
      Registration registration, UUID sessionId, long sequence, ScormSummary summary) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    UUID eventId =
        UUID.nameUUIDFromBytes(
            ("scorm-commit/" + sessionId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    ScormCommitted event =
        ScormCommitted.newBuilder()
            .setTenantId(registration.tenantId())
            .setRegistrationId(registration.id())
            .setSessionId(sessionId)
            .setCommitSequence(sequence)
            .setScormVersion(io.learnpulse.events.v1.ScormVersion.valueOf(summary.version().name()))
            .setElements(new LinkedHashMap<>(summary.elements()))
            .setPolicyVersion(summary.policyVersion() == 0 ? null : summary.policyVersion())
            .setCommittedAt(now)
            .build();
    outbox.append(scormCommitTopic, registration.id().toString(), eventId, now, event);
  }
}
