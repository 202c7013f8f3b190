package io.learnpulse.lmssync.tenant;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.secrets.SecretsCipher.UndecryptableSecretException;
import io.learnpulse.lmssync.security.BearerTokens;
import io.learnpulse.lmssync.tenant.TenantLrsStore.LrsSettings;
import io.learnpulse.lmssync.web.Problems;
import io.learnpulse.schemas.wire.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cluster-internal API read by xapi-emitter (docs/contracts.md, "xapi-emitter ←
 * lms-sync-service"): {@code GET /v1/internal/tenants/{tenantId}/lrs} with {@code Authorization:
 * Bearer <learnpulse.lms-sync.internal-token>}, answering the tenant's LRS settings with the clear
 * password. Without a configured internal token every call answers 404, as if the API did not
 * exist. The password is never logged.
 */
@RestController
class TenantLrsInternalController {

  private static final Logger log = LoggerFactory.getLogger(TenantLrsInternalController.class);

  private final TenantLrsStore store;
  private final byte[] tokenHash;

  TenantLrsInternalController(TenantLrsStore store, LmsSyncProperties properties) {
    this.store = store;
    String token = properties.internalToken();
    this.tokenHash = token == null || token.isBlank() ? null : sha256(token);
    if (tokenHash == null) {
      log.info(
          "learnpulse.lms-sync.internal-token is not set: the internal API (/v1/internal) answers"
              + " 404");
    }
  }

  @GetMapping("/v1/internal/tenants/{tenantId}/lrs")
  ResponseEntity<?> lrs(
      @PathVariable String tenantId,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    if (tokenHash == null) {
      return problem(Problems.of(ProblemType.NOT_ENABLED, "The internal API is not enabled."));
    }
    boolean authorized =
        BearerTokens.token(authorization)
            .map(token -> MessageDigest.isEqual(sha256(token), tokenHash))
            .orElse(false);
    if (!authorized) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              Problems.of(
                  ProblemType.INVALID_TOKEN, "The internal bearer token is missing or wrong."));
    }
    LrsSettings settings = store.find(tenantId).orElse(null);
    if (settings == null) {
      return problem(Problems.of(ProblemType.NOT_FOUND, "unknown tenant " + tenantId));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("enabled", settings.enabled());
    if (settings.enabled()) {
      String password;
      try {
        password = store.password(settings);
      } catch (UndecryptableSecretException e) {
        log.error(
            "the LRS password of tenant {} cannot be decrypted ({}): set it again through the"
                + " admin API",
            tenantId,
            e.getMessage());
        // No catalogue entry fits a server-side key mismatch: a plain 500 problem.
        return problem(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "The tenant's LRS password cannot be decrypted with the current secrets key."));
      }
      body.put("endpoint", settings.endpoint());
      body.put("homePage", settings.homePage());
      body.put("username", settings.username());
      body.put("password", password);
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
  }

  private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
