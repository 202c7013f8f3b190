package io.learnpulse.lmssync.bridge;

import io.learnpulse.lmssync.bridge.CommitStore.Ack;
import io.learnpulse.lmssync.bridge.CommitStore.AckResult;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.error.UnauthenticatedException;
import io.learnpulse.lmssync.security.BearerTokens;
import io.learnpulse.lmssync.token.TokenService;
import io.learnpulse.lmssync.token.TokenService.SessionClaims;
import io.learnpulse.lmssync.web.Problems;
import io.learnpulse.schemas.wire.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The bridge's side of commit delivery (docs/scorm.md): {@code GET
 * /v1/sessions/{sessionId}/commits} streams the session's commits as server-sent events ({@code
 * id:} = commit sequence, resumable with {@code Last-Event-ID}; unacknowledged commits are sent
 * again on every new stream), and {@code POST /v1/sessions/{sessionId}/commits/{sequence}/ack}
 * records what the LMS answered.
 *
 * <p>Both take the bridge token of that session, as {@code Authorization: Bearer} or, for {@code
 * EventSource} clients that cannot set headers, as the {@code token} query parameter (with {@code
 * lastEventId} as the query form of {@code Last-Event-ID}).
 */
@RestController
class BridgeController {

  /** Metric of acknowledgements, tagged {@code outcome}. */
  static final String ACKS_METRIC = "learnpulse.lms-sync.commit.acks";

  private final CommitStreamRegistry streams;
  private final CommitStore store;
  private final TokenService tokens;
  private final MeterRegistry meters;
  private final Map<String, Counter> acks = new ConcurrentHashMap<>();

  BridgeController(
      CommitStreamRegistry streams, CommitStore store, TokenService tokens, MeterRegistry meters) {
    this.streams = streams;
    this.store = store;
    this.tokens = tokens;
    this.meters = meters;
    for (String outcome : new String[] {"ok", "lms_error", "read_back_mismatch"}) {
      counter(outcome);
    }
  }

  /**
   * What the bridge reports after applying a commit.
   *
   * @param ok every SetValue and the Commit succeeded
   * @param lmsErrorCode {@code GetLastError} after the first failing call, or null
   * @param lmsErrorString {@code GetErrorString} of that code, or null
   * @param element the element whose SetValue failed, or null (Commit failed, or none)
   * @param readBack values the LMS returned for the readable elements after Commit
   */
  record AckBody(
      @NotNull Boolean ok,
      @Size(max = 16) String lmsErrorCode,
      @Size(max = 1000) String lmsErrorString,
      @Size(max = 255) String element,
      @Size(max = 64) Map<String, @Size(max = 65000) String> readBack) {}

  /** The answer to an acknowledgement. */
  record AckView(UUID sessionId, long sequence, String outcome, boolean duplicate) {}

  @GetMapping("/v1/sessions/{sessionId}/commits")
  SseEmitter commits(
      @PathVariable UUID sessionId,
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
      @RequestParam(name = "token", required = false) String tokenParam,
      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
    authorize(sessionId, authorization, tokenParam);
    long lastEventId =
        parseLastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
    return streams.open(sessionId, lastEventId);
  }

  @PostMapping("/v1/sessions/{sessionId}/commits/{sequence}/ack")
  AckView acknowledge(
      @PathVariable UUID sessionId,
      @PathVariable long sequence,
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam(name = "token", required = false) String tokenParam,
      @Valid @RequestBody AckBody body) {
    authorize(sessionId, authorization, tokenParam);
    Map<String, String> elements =
        store
            .elements(sessionId, sequence)
            .orElseThrow(() -> new NotFoundException("unknown commit " + sequence));
    String outcome =
        !body.ok()
            ? "lms_error"
            : readBackMatches(elements, body.readBack()) ? "ok" : "read_back_mismatch";
    AckResult result =
        store.acknowledge(
            sessionId,
            sequence,
            new Ack(
                body.ok(),
                outcome,
                body.lmsErrorCode(),
                body.lmsErrorString(),
                body.element(),
                body.readBack()));
    if (result == AckResult.UNKNOWN_COMMIT) {
      throw new NotFoundException("unknown commit " + sequence);
    }
    boolean duplicate = result == AckResult.ALREADY_ACKNOWLEDGED;
    if (!duplicate) {
      counter(outcome).increment();
    }
    return new AckView(sessionId, sequence, outcome, duplicate);
  }

  /**
   * True when every value the LMS read back equals what was sent, numbers compared by value (an LMS
   * may write {@code 87.50} for {@code 87.5}).
   */
  static boolean readBackMatches(Map<String, String> sent, Map<String, String> readBack) {
    if (readBack == null) {
      return true;
    }
    for (Map.Entry<String, String> entry : readBack.entrySet()) {
      String expected = sent.get(entry.getKey());
      if (expected == null || expected.equals(entry.getValue())) {
        continue;
      }
      Optional<BigDecimal> a = number(expected);
      Optional<BigDecimal> b = number(entry.getValue());
      if (a.isEmpty() || b.isEmpty() || a.get().compareTo(b.get()) != 0) {
        return false;
      }
    }
    return true;
  }

  private static Optional<BigDecimal> number(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(new BigDecimal(text.trim()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private Counter counter(String outcome) {
    return acks.computeIfAbsent(
        outcome,
        o ->
            Counter.builder(ACKS_METRIC)
                .description("Bridge acknowledgements of SCORM commits, by outcome")
                .tag("outcome", o)
                .register(meters));
  }

  private void authorize(UUID sessionId, String authorization, String tokenParam) {
    Optional<String> token = BearerTokens.token(authorization);
    if (token.isEmpty() && tokenParam != null && !tokenParam.isBlank()) {
      token = Optional.of(tokenParam.trim());
    }
    SessionClaims claims =
        token
            .flatMap(tokens::verifyBridgeToken)
            .orElseThrow(
                () -> new UnauthenticatedException("the session's bridge token is required"));
    if (!claims.sessionId().equals(sessionId)) {
      throw new ErrorResponseException(
          HttpStatus.FORBIDDEN,
          Problems.of(ProblemType.WRONG_SESSION, "the token belongs to another session"),
          null);
    }
  }

  private static long parseLastEventId(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < 0) {
        throw new NumberFormatException("negative");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidValueException("Last-Event-ID", "must be a commit sequence");
    }
  }
}
