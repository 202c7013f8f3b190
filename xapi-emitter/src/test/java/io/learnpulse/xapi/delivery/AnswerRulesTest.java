package io.learnpulse.xapi.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.xapi.delivery.AnswerRules.Conflicted;
import io.learnpulse.xapi.delivery.AnswerRules.Decision;
import io.learnpulse.xapi.delivery.AnswerRules.Delivered;
import io.learnpulse.xapi.delivery.AnswerRules.PauseTenant;
import io.learnpulse.xapi.delivery.AnswerRules.Reject;
import io.learnpulse.xapi.delivery.AnswerRules.Retry;
import io.learnpulse.xapi.delivery.AnswerRules.Split;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The LRS answer rules, every status from 100 to 599 and every kind of non-answer. */
class AnswerRulesTest {

  private static final String LRS = "https://lrs.example/xAPI/statements";
  private static final UUID A = UUID.fromString("6f1c3a52-41b5-5c5e-9d55-0a6bd3b0a001");
  private static final UUID B = UUID.fromString("6f1c3a52-41b5-5c5e-9d55-0a6bd3b0a002");
  private static final UUID C = UUID.fromString("6f1c3a52-41b5-5c5e-9d55-0a6bd3b0a003");
  private static final List<UUID> ONE = List.of(A);
  private static final List<UUID> THREE = List.of(A, B, C);

  private static Decision decide(int status, String body, List<UUID> batch) {
    return AnswerRules.decide(LrsAnswer.Response.of(status, body), batch, LRS);
  }

  @Test
  void everyStatusHasExactlyTheDocumentedDecision() {
    for (int status = 100; status < 600; status++) {
      Decision one = decide(status, "no ids here", ONE);
      Decision three = decide(status, "no ids here", THREE);
      if (status >= 200 && status < 300) {
        assertThat(one).as("%d", status).isInstanceOf(Delivered.class);
        assertThat(three).as("%d", status).isInstanceOf(Delivered.class);
      } else if (status == 408 || status == 429 || status >= 500) {
        assertThat(one).as("%d", status).isInstanceOf(Retry.class);
        assertThat(three).as("%d", status).isInstanceOf(Retry.class);
      } else if (status == 401 || status == 403 || status == 404) {
        assertThat(one).as("%d", status).isInstanceOf(PauseTenant.class);
        assertThat(three).as("%d", status).isInstanceOf(PauseTenant.class);
      } else if (status == 409) {
        assertThat(one).as("%d", status).isEqualTo(new Conflicted(Set.of(A)));
        assertThat(three).as("%d", status).isInstanceOf(Split.class);
      } else if (status >= 400) {
        assertThat(one).as("%d", status).isInstanceOf(Reject.class);
        assertThat(((Reject) one).status()).isEqualTo(status);
        assertThat(three).as("%d", status).isInstanceOf(Split.class);
      } else {
        // 1xx and 3xx (redirects are not followed): not the statements' fault
        assertThat(one).as("%d", status).isInstanceOf(Retry.class);
        assertThat(three).as("%d", status).isInstanceOf(Retry.class);
      }
    }
  }

  @Test
  void aValidationErrorOfOneStatementIsRejectedWithTheLrsReasonOnOneLine() {
    Decision d = decide(400, "{\"message\":\n  \"statement.timestamp: invalid\"}", ONE);

    assertThat(d).isEqualTo(new Reject(400, "{\"message\": \"statement.timestamp: invalid\"}"));
  }

  @Test
  void aLongOrCutReasonIsAbbreviatedAndSaysSo() {
    String huge = "x".repeat(5000);
    Reject d =
        (Reject)
            AnswerRules.decide(
                new LrsAnswer.Response(413, huge, true, Optional.empty(), Duration.ZERO), ONE, LRS);

    assertThat(d.reason())
        .hasSize(AnswerRules.REASON_LIMIT + 3 + " (answer cut at the body cap)".length());
    assertThat(d.reason()).endsWith("... (answer cut at the body cap)");
  }

  @Test
  void aConflictNamingIdsMarksThoseAndResendsTheRest() {
    Decision d =
        decide(409, "Conflict: statement " + B.toString().toUpperCase() + " exists", THREE);

    assertThat(d).isEqualTo(new Conflicted(Set.of(B)));
  }

  @Test
  void aConflictNamingOnlyForeignIdsSplitsTheBatch() {
    assertThat(decide(409, "id " + UUID.randomUUID() + " exists", THREE)).isInstanceOf(Split.class);
  }

  @Test
  void retriesCarryTheLrsRetryAfter() {
    Decision d =
        AnswerRules.decide(
            new LrsAnswer.Response(
                429, "", false, Optional.of(Duration.ofSeconds(7)), Duration.ZERO),
            THREE,
            LRS);

    assertThat(d).isEqualTo(new Retry("HTTP 429", Optional.of(Duration.ofSeconds(7))));
  }

  @Test
  void noAnswerWithinTheDeadlineOrNoConnectionIsRetried() {
    assertThat(AnswerRules.decide(new LrsAnswer.TimedOut(Duration.ofSeconds(30)), THREE, LRS))
        .isEqualTo(new Retry("no complete answer within PT30S", Optional.empty()));
    assertThat(AnswerRules.decide(new LrsAnswer.ConnectionFailed("refused"), ONE, LRS))
        .isEqualTo(new Retry("connection: refused", Optional.empty()));
  }

  @Test
  void anEndpointRefusedByTheUrlPolicyPausesTheTenant() {
    assertThat(AnswerRules.decide(new LrsAnswer.Refused("127.0.0.1 is loopback"), ONE, LRS))
        .isEqualTo(new PauseTenant("outbound URL policy: 127.0.0.1 is loopback"));
  }

  @Test
  void aPauseNamesTheStatusTheEndpointAndTheAnswer() {
    assertThat(decide(401, "  bad\n credentials ", THREE))
        .isEqualTo(new PauseTenant("HTTP 401 from " + LRS + ": bad credentials"));
  }

  @Test
  void anEmptyBatchIsAProgrammingError() {
    assertThatThrownBy(() -> decide(200, "", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
