package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.ingest.support.PrometheusScrape;
import io.learnpulse.ingest.support.SharedKafka;
import io.learnpulse.ingest.support.TestClock;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.ingest.support.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The verified-token cache (docs/adr/0010-verified-token-cache.md) against a real JWKS server that
 * rotates its key, on a clock the test moves: a cached token still expires, a token whose key was
 * removed from the JWKS is refused once the keys are fetched again, and the cache stays within
 * {@code token-cache-size}. Requests carry a body that a valid token gets judged on (422, so
 * nothing is written) and an invalid one never reaches (401).
 */
@LearnPulseInfrastructure
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "learnpulse.ingest.token-cache-size=" + TokenCacheIT.CACHE_SIZE,
      "learnpulse.ingest.jwks-refresh=" + TokenCacheIT.JWKS_REFRESH_MINUTES + "m",
      "learnpulse.ingest.jwks-refetch-cooldown=" + TokenCacheIT.REFETCH_COOLDOWN_SECONDS + "s"
    })
@AutoConfigureWebTestClient
@Import(TokenCacheIT.Clocks.class)
class TokenCacheIT {

  static final int CACHE_SIZE = 3;
  static final int JWKS_REFRESH_MINUTES = 10;
  static final int REFETCH_COOLDOWN_SECONDS = 30;

  /** This class's own issuer: the tests rotate its key. */
  private static final TokenIssuer ISSUER = TokenIssuer.start();

  private static final TestClock CLOCK = new TestClock();

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    TestClock testClock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Infrastructure infrastructure = SharedKafka.prepared();
    registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
    registry.add("learnpulse.ingest.schema-registry-url", infrastructure::schemaRegistryUrl);
    registry.add("learnpulse.ingest.jwks-uri", ISSUER::jwksUri);
    registry.add("learnpulse.ingest.issuer", () -> TokenIssuer.ISSUER);
  }

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  @Autowired private WebTestClient client;

  @LocalManagementPort private int managementPort;

  /** The status a request with {@code token} for {@code session} gets: 422 when it is valid. */
  private int statusWith(TestSession session, String token) {
    return client
        .post()
        .uri(session.eventsPath())
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            """
            {"id": "%s", "seq": -1, "type": "session.suspended", "occurredAt": "%s"}
            """
                .formatted(UUID.randomUUID(), CLOCK.instant()))
        .exchange()
        .returnResult(Void.class)
        .getStatus()
        .value();
  }

  private PrometheusScrape scrape() {
    return PrometheusScrape.from(managementPort);
  }

  private static double cacheGets(PrometheusScrape scrape, String result) {
    return scrape.value("cache_gets_total", Map.of("cache", "session-tokens", "result", result));
  }

  @Test
  void aCachedTokenIsServedWithoutVerifyingItAgain() {
    TestSession session = TestSession.fresh();
    String token = ISSUER.token(session);
    PrometheusScrape before = scrape();

    assertThat(statusWith(session, token)).isEqualTo(422);
    assertThat(statusWith(session, token)).isEqualTo(422);
    assertThat(statusWith(session, token)).isEqualTo(422);

    PrometheusScrape after = scrape();
    assertThat(cacheGets(after, "miss") - cacheGets(before, "miss")).isEqualTo(1);
    assertThat(cacheGets(after, "hit") - cacheGets(before, "hit")).isEqualTo(2);
  }

  @Test
  void aCachedTokenStillExpires() {
    TestSession session = TestSession.fresh();
    Instant expiry = CLOCK.instant().plus(Duration.ofMinutes(2));
    String token = ISSUER.token(session, c -> c.expirationTime(Date.from(expiry)));

    assertThat(statusWith(session, token)).isEqualTo(422);
    // Past exp, within the 60 s the validator tolerates: still served.
    CLOCK.advance(Duration.ofMinutes(2).plusSeconds(30));
    assertThat(statusWith(session, token)).isEqualTo(422);
    CLOCK.advance(Duration.ofSeconds(31));
    assertThat(statusWith(session, token)).isEqualTo(401);
    assertThat(statusWith(session, token)).isEqualTo(401);
  }

  @Test
  void aTokenSignedByARemovedKeyIsRefusedOnceTheKeysAreFetchedAgain() {
    TestSession session = TestSession.fresh();
    String token = ISSUER.token(session);
    assertThat(statusWith(session, token)).isEqualTo(422);

    ISSUER.rotate();
    // Until the keys are due for a refresh, the service cannot know the key was withdrawn.
    assertThat(statusWith(session, token)).isEqualTo(422);
    CLOCK.advance(Duration.ofMinutes(JWKS_REFRESH_MINUTES).plusSeconds(1));

    assertThat(statusWith(session, token)).isEqualTo(401);
    assertThat(statusWith(session, ISSUER.token(session))).isEqualTo(422);
  }

  @Test
  void aTokenOfANewKeyFetchesTheKeysAtOnceAndRetiresTokensOfTheRemovedOne() {
    TestSession session = TestSession.fresh();
    String old = ISSUER.token(session);
    assertThat(statusWith(session, old)).isEqualTo(422);

    // A new key id is looked up at most once per cooldown since the last fetch.
    CLOCK.advance(Duration.ofSeconds(REFETCH_COOLDOWN_SECONDS));
    ISSUER.rotate();
    assertThat(statusWith(session, ISSUER.token(session))).isEqualTo(422);

    assertThat(statusWith(session, old)).isEqualTo(401);
  }

  @Test
  void madeUpKeyIdsAndHs256TokensFetchTheKeysAtMostOncePerCooldown() {
    TestSession session = TestSession.fresh();
    assertThat(statusWith(session, ISSUER.token(session))).isEqualTo(422);
    CLOCK.advance(Duration.ofSeconds(REFETCH_COOLDOWN_SECONDS));
    int fetchesBefore = ISSUER.jwksRequests();

    for (int i = 0; i < 30; i++) {
      assertThat(statusWith(session, ISSUER.tokenWithUnknownKeyId(session, "made-up-" + i)))
          .isEqualTo(401);
      assertThat(statusWith(session, ISSUER.hs256TokenWithTheKnownKeyId(session))).isEqualTo(401);
    }

    assertThat(ISSUER.jwksRequests() - fetchesBefore)
        .as("JWKS fetches for 30 unknown key ids and 30 HS256 tokens")
        .isLessThanOrEqualTo(1);
    assertThat(statusWith(session, ISSUER.token(session))).isEqualTo(422);
  }

  @Test
  void aNewKeyWithinTheCooldownIsAcceptedOnceTheCooldownHasPassed() {
    TestSession session = TestSession.fresh();
    CLOCK.advance(Duration.ofSeconds(REFETCH_COOLDOWN_SECONDS));
    assertThat(statusWith(session, ISSUER.tokenWithUnknownKeyId(session, "made-up")))
        .isEqualTo(401);

    ISSUER.rotate();
    String fresh = ISSUER.token(session);
    assertThat(statusWith(session, fresh)).as("within the cooldown").isEqualTo(401);
    CLOCK.advance(Duration.ofSeconds(REFETCH_COOLDOWN_SECONDS));
    assertThat(statusWith(session, fresh)).as("after the cooldown").isEqualTo(422);
  }

  @Test
  void theCacheHoldsAtMostTokenCacheSizeTokens() {
    for (int i = 0; i < 3 * CACHE_SIZE; i++) {
      TestSession session = TestSession.fresh();
      assertThat(statusWith(session, ISSUER.token(session))).isEqualTo(422);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              PrometheusScrape scrape = scrape();
              assertThat(scrape.value("cache_size", Map.of("cache", "session-tokens")))
                  .isLessThanOrEqualTo(CACHE_SIZE);
              assertThat(scrape.value("cache_evictions_total", Map.of("cache", "session-tokens")))
                  .isGreaterThanOrEqualTo(2 * CACHE_SIZE);
            });
  }
}
