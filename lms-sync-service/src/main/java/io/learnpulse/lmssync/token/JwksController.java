package io.learnpulse.lmssync.token;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the token verification key for ingest-service and other verifiers. */
@RestController
class JwksController {

  private final TokenService tokens;

  JwksController(TokenService tokens) {
    this.tokens = tokens;
  }

  @GetMapping(value = "/.well-known/jwks.json", produces = "application/json")
  ResponseEntity<Map<String, Object>> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
        .body(tokens.publicJwks());
  }
}
