package io.learnpulse.lmssync.registration;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.scorm.ScormSummary;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.security.BearerTokens;
import io.learnpulse.lmssync.token.TokenService;
import io.learnpulse.lmssync.token.TokenService.SessionClaims;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /v1/registrations/{registrationId}/scorm}: the registration's current SCORM summary,
 * for the bridge token of that registration (session time of the token's session) or the admin
 * token (session time of the latest session).
 */
@RestController
class ScormSummaryController {

  private final RegistrationStore registrations;
  private final SummaryService summaries;
  private final TokenService tokens;
  private final BearerTokens admin;

  ScormSummaryController(
      RegistrationStore registrations,
      SummaryService summaries,
      TokenService tokens,
      LmsSyncProperties properties) {
    this.registrations = registrations;
    this.summaries = summaries;
    this.tokens = tokens;
    this.admin = new BearerTokens(properties.adminToken());
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
    Optional<UUID> tokenSession = authorize(registrationId, authorization);
    Registration registration =
        registrations
            .find(registrationId, false)
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown registration"));
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

  /** The session of the caller's bridge token; empty for the admin token. */
  private Optional<UUID> authorize(UUID registrationId, String authorization) {
    if (admin.isAdmin(authorization)) {
      return Optional.empty();
    }
    SessionClaims claims =
        BearerTokens.token(authorization)
            .flatMap(tokens::verifyBridgeToken)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.UNAUTHORIZED, "a bridge or admin bearer token is required"));
    if (!claims.registrationId().equals(registrationId)) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN, "the token belongs to another registration");
    }
    return Optional.of(claims.sessionId());
  }
}
