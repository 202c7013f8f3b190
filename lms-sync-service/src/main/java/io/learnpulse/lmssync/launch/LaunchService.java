package io.learnpulse.lmssync.launch;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.assignment.Assignment;
import io.learnpulse.lmssync.assignment.AssignmentService;
import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.registration.Registration;
import io.learnpulse.lmssync.registration.RegistrationStore;
import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.scorm.SuspendData;
import io.learnpulse.lmssync.tenant.Tenant;
import io.learnpulse.lmssync.tenant.TenantStore;
import io.learnpulse.lmssync.token.TokenService;
import io.learnpulse.lmssync.token.TokenService.SessionClaims;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Launch: verifies the package's descriptor, creates the registration (one per tenant, assignment,
 * topic and learner) or resumes it, starts a session, and publishes SessionStarted or
 * SessionResumed through the outbox, all in one transaction. A rejected descriptor creates nothing.
 *
 * <p>Resume state: the bookmark LearnPulse stored wins; the LMS's {@code suspend_data} is used only
 * when LearnPulse has none (e.g. a registration migrated from elsewhere) and is then stored.
 */
@Service
public class LaunchService {

  private static final String PRODUCER = io.learnpulse.schemas.wire.ProducerId.LMS_SYNC.id();

  private final LaunchDescriptors descriptors;
  private final AssignmentService assignments;
  private final TenantStore tenants;
  private final RegistrationStore registrations;
  private final TokenService tokens;
  private final KafkaOutbox outbox;
  private final LmsSyncProperties properties;
  private final Clock clock;

  LaunchService(
      LaunchDescriptors descriptors,
      AssignmentService assignments,
      TenantStore tenants,
      RegistrationStore registrations,
      TokenService tokens,
      KafkaOutbox outbox,
      LmsSyncProperties properties,
      Clock clock) {
    this.descriptors = descriptors;
    this.assignments = assignments;
    this.tenants = tenants;
    this.registrations = registrations;
    this.tokens = tokens;
    this.outbox = outbox;
    this.properties = properties;
    this.clock = clock;
  }

  /** What the bridge sends at launch (docs/contracts.md). */
  public record LaunchRequest(
      String descriptor,
      String learnerId,
      String learnerName,
      String entry,
      String suspendData,
      String location) {}

  /** What the bridge needs to resume the learner where they left off. */
  public record ResumeState(
      String entry, Bookmark bookmark, String suspendData, long activeMillis) {}

  /** The launch answer (docs/contracts.md). */
  public record LaunchResult(
      UUID registrationId,
      UUID sessionId,
      ScormVersion scormVersion,
      String sessionToken,
      String bridgeToken,
      URI playerUrl,
      URI ingestUrl,
      ResumeState resume) {}

  /** Launches; see the class comment. */
  @Transactional
  public LaunchResult launch(LaunchRequest request) {
    LaunchDescriptor descriptor = descriptors.verify(request.descriptor());
    SuspendData.boundsProblem(request.suspendData())
        .ifPresent(
            problem -> {
              throw new InvalidValueException("suspendData", problem);
            });
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
    Registration registration =
        registrations.createOrLock(
            newId,
            descriptor.tenantId(),
            descriptor.assignmentId(),
            descriptor.topicId(),
            request.learnerId(),
            request.learnerName(),
            descriptor.scormVersion());
    boolean resumed = !registration.id().equals(newId);
    if (resumed) {
      registrations.updateLaunchFacts(
          registration.id(), descriptor.scormVersion(), request.learnerName());
    }
    Optional<Bookmark> bookmark = registration.bookmark();
    if (bookmark.isEmpty()) {
      bookmark = SuspendData.decode(request.suspendData());
      bookmark.ifPresent(
          b -> registrations.updateSuspendData(registration.id(), request.suspendData()));
    }

    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    UUID sessionId = UUID.randomUUID();
    registrations.startSession(sessionId, registration.id(), resumed, now);
    publish(registration, descriptor, sessionId, resumed, now);

    SessionClaims claims =
        new SessionClaims(
            registration.learnerId(),
            registration.tenantId(),
            registration.id(),
            sessionId,
            registration.assignmentId(),
            registration.topicId(),
            descriptor.scormVersion().name());
    return new LaunchResult(
        registration.id(),
        sessionId,
        descriptor.scormVersion(),
        tokens.issue(claims, TokenService.INGEST_AUDIENCE, tenant.playerOrigins()),
        tokens.issue(claims, TokenService.BRIDGE_AUDIENCE),
        tenant.playerUrl() != null ? tenant.playerUrl() : properties.playerUrl(),
        properties.bridge().ingestUrl(),
        new ResumeState(
            resumed ? "resume" : "ab-initio",
            bookmark.orElse(null),
            bookmark
                .map(b -> SuspendData.encode(b, descriptor.scormVersion().suspendDataLimit()))
                .orElse(null),
            registration.activeMillis()));
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
                .build()
            : SessionStarted.newBuilder()
                .setMetadata(metadata)
                .setAssignmentId(registration.assignmentId())
                .setTopicId(registration.topicId())
                .setScormVersion(version)
                .build();
    outbox.append(
        properties.topics().activity(), registration.id().toString(), eventId, now, event);
  }
}
