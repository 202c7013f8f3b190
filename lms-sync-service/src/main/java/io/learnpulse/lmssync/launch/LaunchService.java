package io.learnpulse.lmssync.launch;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.RevocationReason;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.assignment.Assignment;
import io.learnpulse.lmssync.assignment.AssignmentService;
import io.learnpulse.lmssync.assignment.CohortService;
import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.registration.Registration;
import io.learnpulse.lmssync.registration.RegistrationStore;
import io.learnpulse.lmssync.registration.SummaryService;
import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.scorm.SuspendData;
import io.learnpulse.lmssync.scorm.TopicProgress;
import io.learnpulse.lmssync.tenant.Tenant;
import io.learnpulse.lmssync.tenant.TenantStore;
import io.learnpulse.lmssync.token.SessionRevocations;
import io.learnpulse.lmssync.token.SessionRevocations.RevokedSession;
import io.learnpulse.lmssync.token.TokenService;
import io.learnpulse.lmssync.token.TokenService.SessionClaims;
import io.learnpulse.schemas.wire.EventLimits;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Launch: verifies the package's descriptor, creates the registration (one per tenant, assignment,
 * topic, learner and attempt) or resumes its latest attempt, or starts the next attempt when the
 * LMS starts a new one over a finished attempt and the retake rule allows it (ADR 0019), starts a
 * session, publishes SessionStarted or SessionResumed through the outbox and writes the session's
 * first commit (the current values and bookmark, ADR 0027), all in one transaction. A rejected
 * descriptor creates nothing. The registration's earlier sessions whose tokens may still be valid
 * are revoked in the same transaction ({@link SessionRevocations}): the new launch supersedes them,
 * and ingest stops accepting their tokens (ADR 26).
 *
 * <p>Launches of one package do not wait for each other (ADR 0034): the descriptor's row is read
 * without a lock; a new learner is counted against the descriptor's cap by the transaction's last
 * statement, so the row lock that keeps the count exact is held only for the commit; the session
 * tokens are signed after the commit, outside the transaction.
 *
 * <p>A topic package names no assignment: the learner's latest registration of the topic keeps its
 * assignment, else {@link CohortService#resolve} picks one (ADR 0019); a learner with neither is
 * refused (403) and nothing is created.
 *
 * <p>Resume state: the bookmark LearnPulse stored wins; the LMS's {@code suspend_data} is used only
 * when LearnPulse has none (e.g. a registration migrated from elsewhere) and is then stored.
 */
@Service
public class LaunchService {

  private static final String PRODUCER = io.learnpulse.schemas.wire.ProducerId.LMS_SYNC.id();

  private final LaunchDescriptors descriptors;
  private final IssuedDescriptors issued;
  private final LearnerNames learnerNames;
  private final LaunchRateLimiter limiter;
  private final LaunchOrigins origins;
  private final AssignmentService assignments;
  private final CohortService cohorts;
  private final TenantStore tenants;
  private final RegistrationStore registrations;
  private final TokenService tokens;
  private final KafkaOutbox outbox;
  private final SummaryService summaries;
  private final SessionRevocations revocations;
  private final LmsSyncProperties properties;
  private final TransactionTemplate transactions;
  private final Clock clock;

  LaunchService(
      LaunchDescriptors descriptors,
      IssuedDescriptors issued,
      LearnerNames learnerNames,
      LaunchRateLimiter limiter,
      LaunchOrigins origins,
      AssignmentService assignments,
      CohortService cohorts,
      TenantStore tenants,
      RegistrationStore registrations,
      TokenService tokens,
      KafkaOutbox outbox,
      SummaryService summaries,
      SessionRevocations revocations,
      LmsSyncProperties properties,
      TransactionTemplate transactions,
      Clock clock) {
    this.descriptors = descriptors;
    this.issued = issued;
    this.learnerNames = learnerNames;
    this.limiter = limiter;
    this.origins = origins;
    this.assignments = assignments;
    this.cohorts = cohorts;
    this.tenants = tenants;
    this.registrations = registrations;
    this.tokens = tokens;
    this.outbox = outbox;
    this.summaries = summaries;
    this.revocations = revocations;
    this.properties = properties;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * What the bridge sends at launch (docs/contracts.md), the request's {@code Origin} header (null
   * without one) and its source address (for rate limits).
   */
  public record LaunchRequest(
      String descriptor,
      String learnerId,
      String learnerName,
      String entry,
      String suspendData,
      String location,
      String origin,
      String source) {}

  /** What the bridge needs to resume the learner where they left off. */
  public record ResumeState(
      String entry, Bookmark bookmark, String suspendData, long activeMillis) {}

  /** The launch answer (docs/contracts.md). */
  public record LaunchResult(
      UUID registrationId,
      int attempt,
      UUID sessionId,
      ScormVersion scormVersion,
      String sessionToken,
      String bridgeToken,
      URI playerUrl,
      URI ingestUrl,
      ResumeState resume) {}

  /** What the launch transaction committed, from which the answer is made. */
  private record Launched(
      Registration registration,
      LaunchDescriptor descriptor,
      Tenant tenant,
      UUID sessionId,
      boolean resumed,
      Optional<Bookmark> bookmark) {}

  /** Launches; see the class comment. */
  public LaunchResult launch(LaunchRequest request) {
    Launched launched = transactions.execute(status -> record(request));
    // Signed after the commit (an RS256 signature, ADR 41): no lock or connection waits for them.
    Registration registration = launched.registration();
    LaunchDescriptor descriptor = launched.descriptor();
    SessionClaims claims =
        new SessionClaims(
            registration.learnerId(),
            registration.tenantId(),
            registration.id(),
            launched.sessionId(),
            registration.assignmentId(),
            registration.topicId(),
            descriptor.scormVersion().name());
    Tenant tenant = launched.tenant();
    return new LaunchResult(
        registration.id(),
        registration.attempt(),
        launched.sessionId(),
        descriptor.scormVersion(),
        tokens.issueSessionToken(claims, tenant.playerOrigins()),
        tokens.issueBridgeToken(claims),
        tenant.playerUrl() != null ? tenant.playerUrl() : properties.playerUrl(),
        properties.bridge().ingestUrl(),
        new ResumeState(
            launched.resumed() ? "resume" : "ab-initio",
            launched.bookmark().orElse(null),
            launched
                .bookmark()
                .map(b -> SuspendData.encode(b, descriptor.scormVersion().suspendDataLimit()))
                .orElse(null),
            registration.activeMillis()));
  }

  /** The launch's transaction: everything it writes; see the class comment. */
  private Launched record(LaunchRequest request) {
    LaunchDescriptor verified = descriptors.verify(request.descriptor());
    checkText(request);
    SuspendData.boundsProblem(request.suspendData())
        .ifPresent(
            problem -> {
              throw new InvalidValueException("suspendData", problem);
            });
    limiter.acquire(verified.tenantId(), request.source());
    checkOrigin(verified.tenantId(), request.origin());
    LaunchDescriptor descriptor = resolved(verified, request);
    Assignment assignment =
        assignments
            .find(descriptor.assignmentId())
            .orElseThrow(
                () -> new ForbiddenException("the descriptor names an unknown assignment"));
    if (!assignment.tenantId().equals(descriptor.tenantId())) {
      throw new ForbiddenException("the descriptor names another tenant's assignment");
    }
    if (!assignment.policy().hasTopic(descriptor.topicId())) {
      throw new ForbiddenException("the descriptor names a topic the assignment does not have");
    }
    Tenant tenant = tenants.find(descriptor.tenantId()).orElseThrow();

    UUID newId = UUID.randomUUID();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    issued.checkLaunchable(descriptor.id(), now);
    Registration latest =
        registrations.createOrLock(
            newId,
            descriptor.tenantId(),
            descriptor.assignmentId(),
            descriptor.topicId(),
            request.learnerId(),
            request.learnerName(),
            descriptor.scormVersion());
    Registration registration =
        !latest.id().equals(newId) && startsNewAttempt(latest, request.entry(), now)
            ? registrations.nextAttempt(
                newId, latest, request.learnerName(), descriptor.scormVersion())
            : latest;
    boolean resumed = !registration.id().equals(newId);
    if (resumed) {
      learnerNames.recordChange(
          registration.id(), registration.learnerName(), request.learnerName(), now);
      registrations.updateLaunchFacts(
          registration.id(), descriptor.scormVersion(), request.learnerName());
    }
    Optional<Bookmark> bookmark = registration.bookmark();
    if (bookmark.isEmpty()) {
      bookmark = SuspendData.decode(request.suspendData());
      bookmark.ifPresent(
          b -> registrations.updateSuspendData(registration.id(), request.suspendData()));
    }

    UUID sessionId = UUID.randomUUID();
    origins.recordConflicts(registration.id(), sessionId, request.origin(), now);
    List<UUID> superseded =
        registrations.startSession(
            sessionId, registration.id(), resumed, now, now.minus(properties.tokenTtl()));
    for (UUID earlier : superseded) {
      // The earlier session's tokens stop working at ingest within seconds (ADR 26).
      revocations.revoke(
          new RevokedSession(
              earlier, registration.id(), registration.tenantId(), registration.learnerId()),
          RevocationReason.SUPERSEDED,
          sessionId);
    }
    origins.remember(sessionId, request.origin());
    publish(registration, descriptor, sessionId, resumed, now);
    // The LMS gets the current values and bookmark as soon as the bridge connects (ADR 0027).
    summaries.commit(registration.id(), resumed ? "launch: resume" : "launch: ab-initio");
    if (latest.id().equals(newId)) {
      // A new learner for this descriptor, counted against its cap (rolls back when refused). The
      // last statement: the descriptor's row stays locked only until the commit (ADR 0034).
      issued.countRegistration(descriptor.id(), now);
    }
    return new Launched(registration, descriptor, tenant, sessionId, resumed, bookmark);
  }

  /**
   * True when the LMS starts a new attempt ({@code ab-initio}) over a finished one and the
   * assignment's retake rule allows another now; the SCORM versions agree on the value.
   */
  private boolean startsNewAttempt(Registration latest, String entry, Instant now) {
    if (!"ab-initio".equals(entry) || !latest.progress().finished()) {
      return false;
    }
    boolean passed = latest.progress().success() == TopicProgress.Success.PASSED;
    return assignments.retakeRule(latest.assignmentId()).allows(passed, latest.createdAt(), now);
  }

  /**
   * Refuses text that would break what it is copied into (400 naming the field): the learner id
   * becomes the tokens' {@code sub} and every event's learner id, so it obeys {@link
   * EventLimits#idProblem} (ingest refuses anything else); the name has no control characters and
   * is well-formed Unicode; suspend data and location hold no NUL, which PostgreSQL text cannot
   * store (a fuzz pass found a 500 there, issue 10).
   */
  private static void checkText(LaunchRequest request) {
    EventLimits.idProblem(request.learnerId())
        .ifPresent(
            problem -> {
              throw new InvalidValueException("learnerId", problem);
            });
    if (request.learnerName() != null && !request.learnerName().isEmpty()) {
      textProblem(request.learnerName(), true)
          .ifPresent(
              problem -> {
                throw new InvalidValueException("learnerName", problem);
              });
    }
    textProblem(request.suspendData(), false)
        .ifPresent(
            problem -> {
              throw new InvalidValueException("suspendData", problem);
            });
    textProblem(request.location(), false)
        .ifPresent(
            problem -> {
              throw new InvalidValueException("location", problem);
            });
  }

  private static Optional<String> textProblem(String text, boolean noControlCharacters) {
    if (text == null) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return Optional.of("must not contain NUL characters");
      }
      if (noControlCharacters && Character.isISOControl(c)) {
        return Optional.of("must not contain control characters");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("must be well-formed Unicode");
      }
    }
    return Optional.empty();
  }

  /** Refuses a launch from outside the tenant's registered LMS origins, when it has any. */
  private void checkOrigin(String tenantId, String origin) {
    java.util.List<String> allowed = tenants.lmsOrigins(tenantId);
    if (!allowed.isEmpty() && (origin == null || !allowed.contains(origin))) {
      throw new ForbiddenException(
          "launch from origin " + origin + " is not one of the tenant's registered LMS origins");
    }
  }

  /** The descriptor with the learner's assignment when it is a topic package. */
  private LaunchDescriptor resolved(LaunchDescriptor descriptor, LaunchRequest request) {
    if (!descriptor.topicPackage()) {
      return descriptor;
    }
    String assignmentId =
        registrations
            .latestAssignment(descriptor.tenantId(), descriptor.topicId(), request.learnerId())
            .or(
                () ->
                    cohorts.resolve(
                        descriptor.tenantId(), descriptor.topicId(), request.learnerId()))
            .orElseThrow(
                () ->
                    new ForbiddenException(
                        "learner "
                            + request.learnerId()
                            + " is in no cohort of topic "
                            + descriptor.topicId()
                            + " and the tenant has no default assignment for it"));
    return new LaunchDescriptor(
        descriptor.tenantId(),
        assignmentId,
        descriptor.topicId(),
        descriptor.scormVersion(),
        descriptor.id());
  }

  private void publish(
      Registration registration,
      LaunchDescriptor descriptor,
      UUID sessionId,
      boolean resumed,
      Instant now) {
    UUID eventId = UUID.randomUUID();
    EventMetadata metadata =
        EventMetadata.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(now)
            .setReceivedAt(now)
            .setTenantId(registration.tenantId())
            .setLearnerId(registration.learnerId())
            .setRegistrationId(registration.id())
            .setSessionId(sessionId)
            .setSequence(0)
            .setProducer(PRODUCER)
            .build();
    io.learnpulse.events.v1.ScormVersion version =
        io.learnpulse.events.v1.ScormVersion.valueOf(descriptor.scormVersion().name());
    SpecificRecord event =
        resumed
            ? SessionResumed.newBuilder()
                .setMetadata(metadata)
                .setAssignmentId(registration.assignmentId())
                .setTopicId(registration.topicId())
                .setScormVersion(version)
                .setAttempt(registration.attempt())
                .build()
            : SessionStarted.newBuilder()
                .setMetadata(metadata)
                .setAssignmentId(registration.assignmentId())
                .setTopicId(registration.topicId())
                .setScormVersion(version)
                .setAttempt(registration.attempt())
                .build();
    outbox.append(
        properties.topics().activity(), registration.id().toString(), eventId, now, event);
  }
}
