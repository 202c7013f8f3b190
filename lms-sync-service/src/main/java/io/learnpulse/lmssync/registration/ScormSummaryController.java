package io.learnpulse.lmssync.registration;

import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.error.UnauthenticatedException;
import io.learnpulse.lmssync.scorm.ScormSummary;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.security.AdminAuthenticator;
import io.learnpulse.lmssync.security.AdminPrincipal;
import io.learnpulse.lmssync.security.BearerTokens;
import io.learnpulse.lmssync.token.TokenService;
import io.learnpulse.lmssync.token.TokenService.SessionClaims;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/registrations/{registrationId}/scorm}: the registration's current SCORM summary,
 * for the bridge token of that registration (session time of the token's session) or an admin token
 * that may read the registration's tenant (session time of the latest session).
 */
@RestController
class ScormSummaryController {

  private final RegistrationStore registrations;
  private final SummaryService summaries;
  private final TokenService tokens;
  private final AdminAuthenticator admins;

  ScormSummaryController(
      RegistrationStore registrations,
      SummaryService summaries,
      TokenService tokens,
      AdminAuthenticator admins) {
    this.registrations = registrations;
    this.summaries = summaries;
    this.tokens = tokens;
    this.admins = admins;
  }

  /** The summary as the bridge reads it. */
  record SummaryView(
      UUID registrationId,
      UUID sessionId,
      ScormVersion scormVersion,
      Integer policyVersion,
      Map<String, String> elements) {}

  @GetMapping("/v1/registrations/{registrationId}/scorm")
  @Transactional(readOnly = true)
  SummaryView summary(
      @PathVariable UUID registrationId,
      @RequestHeader(name = "Authorization", required = false) String authorization) {
    Optional<SessionClaims> bridge =
        BearerTokens.token(authorization).flatMap(tokens::verifyBridgeToken);
    Optional<AdminPrincipal> admin =
        bridge.isPresent() ? Optional.empty() : admins.authenticate(authorization);
    if (bridge.isEmpty() && admin.isEmpty()) {
      throw new UnauthenticatedException("a bridge or admin bearer token is required");
    }
    if (bridge.isPresent() && !bridge.get().registrationId().equals(registrationId)) {
      throw new ForbiddenException("the token belongs to another registration");
    }
    Registration registration =
        registrations
            .find(registrationId, false)
            .orElseThrow(() -> new NotFoundException("unknown registration " + registrationId));
    if (admin.isPresent() && !admin.get().mayRead(registration.tenantId())) {
      throw new ForbiddenException("the token does not allow reading this tenant's registrations");
    }
    Optional<UUID> tokenSession = bridge.map(SessionClaims::sessionId);
    Session session =
        tokenSession
            .flatMap(id -> registrations.session(id, false))
            .filter(s -> s.registrationId().equals(registrationId))
            .or(() -> registrations.latestSession(registrationId, false))
            .orElse(null);
    ScormSummary summary = summaries.summary(registration, session);
    return new SummaryView(
        registrationId,
        session == null ? null : session.id(),
        summary.version(),
        summary.policyVersion() == 0 ? null : summary.policyVersion(),
        summary.elements());
  }
}
