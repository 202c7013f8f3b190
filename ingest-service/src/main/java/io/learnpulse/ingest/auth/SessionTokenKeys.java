package io.learnpulse.ingest.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * lms-sync's token signing keys (its JWKS), fetched on first use and again when they are older than
 * {@code jwks-refresh} or a token names a key id the last fetch did not have. Every change of the
 * key material starts a new {@link KeySet#generation() generation}, so what was verified under an
 * older one (the verified-token cache) can tell it is no longer vouched for. A failed refresh keeps
 * the last keys (lms-sync being down must not log every player out) and is retried after the
 * refresh interval; with no keys at all the failure surfaces and the request is answered 503.
 * Concurrent refreshes share one fetch.
 *
 * <p>A token can make ingest fetch the keys (a key id the keys do not have: a new key after a
 * rotation), but at most once per {@code refetch-cooldown} since the last fetch: otherwise anyone
 * could make every request cost a JWKS fetch by sending made-up key ids. A token of another
 * algorithm than the contract's RS256 (an HS256 token naming a published key id) never does: no key
 * of the JWKS can verify it.
 */
final class SessionTokenKeys {

  private static final Logger log = LoggerFactory.getLogger(SessionTokenKeys.class);

  /** Bound on one JWKS fetch. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The keys of one successful fetch.
   *
   * @param keys the published keys
   * @param generation increases each time the fetched keys differ from the previous ones
   * @param refreshAt when to fetch again
   */
  record KeySet(List<JWK> keys, long generation, Instant refreshAt) {}

  private final WebClient client;
  private final String jwksUri;
  private final Duration refreshInterval;
  private final Clock clock;
  private final Duration refetchCooldown;
  private final Consumer<KeySet> onChange;
  private final AtomicReference<KeySet> current = new AtomicReference<>();
  private final AtomicReference<Instant> lastFetch = new AtomicReference<>(Instant.MIN);
  private final AtomicReference<Mono<KeySet>> inFlight = new AtomicReference<>();

  /**
   * Keys fetched from {@code jwksUri}.
   *
   * @param refetchCooldown least time between the last fetch and one a token's unknown key id
   *     starts
   * @param onChange told of every new generation (after it became current)
   */
  SessionTokenKeys(
      WebClient client,
      String jwksUri,
      Duration refreshInterval,
      Duration refetchCooldown,
      Clock clock,
      Consumer<KeySet> onChange) {
    this.client = client;
    this.jwksUri = jwksUri;
    this.refreshInterval = refreshInterval;
    this.refetchCooldown = refetchCooldown;
    this.clock = clock;
    this.onChange = onChange;
  }

  /** The current keys when they are fresh, else null (no allocation on the hot path). */
  KeySet fresh() {
    KeySet keys = current.get();
    return keys != null && clock.instant().isBefore(keys.refreshAt()) ? keys : null;
  }

  /** The current keys, refreshed first when they are due. */
  Mono<KeySet> current() {
    KeySet keys = fresh();
    return keys != null ? Mono.just(keys) : refresh();
  }

  /** The published keys that may have signed a token with {@code header}. */
  Flux<JWK> candidates(JWSHeader header) {
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
      return Flux.empty();
    }
    JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
    return current()
        .flatMap(
            keys -> {
              List<JWK> found = selector.select(new JWKSet(keys.keys()));
              // A key id lms-sync may have added since the last fetch: look again, once per
              // cooldown.
              return found.isEmpty() && mayRefetch()
                  ? refresh().map(again -> selector.select(new JWKSet(again.keys())))
                  : Mono.just(found);
            })
        .flatMapMany(Flux::fromIterable);
  }

  /** True, once, when the cooldown since the last fetch has passed. */
  private boolean mayRefetch() {
    Instant last = lastFetch.get();
    Instant now = clock.instant();
    return !now.isBefore(last.plus(refetchCooldown)) && lastFetch.compareAndSet(last, now);
  }

  /** Fetches the keys now (joining a fetch already under way). */
  Mono<KeySet> refresh() {
    while (true) {
      Mono<KeySet> running = inFlight.get();
      if (running != null) {
        return running;
      }
      Mono<KeySet> fetch = fetch().doFinally(signal -> inFlight.set(null)).cache();
      if (inFlight.compareAndSet(null, fetch)) {
        lastFetch.set(clock.instant());
        return fetch;
      }
    }
  }

  private Mono<KeySet> fetch() {
    return client
        .get()
        .uri(jwksUri)
        .accept(MediaType.APPLICATION_JSON)
        .retrieve()
        .bodyToMono(String.class)
        .timeout(FETCH_TIMEOUT)
        .map(SessionTokenKeys::parse)
        .map(this::install)
        .onErrorResume(
            e -> {
              KeySet last = current.get();
              if (last == null) {
                return Mono.error(e);
              }
              log.atWarn()
                  .setMessage("cannot refresh the session token keys; keeping the last ones")
                  .addKeyValue("jwksUri", jwksUri)
                  .addKeyValue("error", e.toString())
                  .log();
              KeySet kept =
                  new KeySet(last.keys(), last.generation(), clock.instant().plus(refreshInterval));
              current.compareAndSet(last, kept);
              return Mono.just(current.get());
            });
  }

  private KeySet install(List<JWK> keys) {
    Instant refreshAt = clock.instant().plus(refreshInterval);
    KeySet previous;
    KeySet next;
    do {
      previous = current.get();
      boolean same = previous != null && previous.keys().equals(keys);
      long generation =
          previous == null ? 0 : same ? previous.generation() : previous.generation() + 1;
      next = new KeySet(keys, generation, refreshAt);
    } while (!current.compareAndSet(previous, next));
    if (previous != null && previous.generation() != next.generation()) {
      log.atInfo()
          .setMessage("session token keys changed")
          .addKeyValue("keys", keys.size())
          .addKeyValue("generation", next.generation())
          .log();
      onChange.accept(next);
    }
    return next;
  }

  private static List<JWK> parse(String body) {
    try {
      return List.copyOf(JWKSet.parse(body).getKeys());
    } catch (ParseException e) {
      throw new IllegalStateException("the JWKS is malformed: " + e.getMessage(), e);
    }
  }
}
