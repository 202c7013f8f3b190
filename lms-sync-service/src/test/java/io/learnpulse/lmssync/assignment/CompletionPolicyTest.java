package io.learnpulse.lmssync.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.lmssync.assignment.CompletionPolicy.Topic;
import io.learnpulse.lmssync.error.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The rules of the domain policy and its mapping from the web body. */
class CompletionPolicyTest {

  private static final List<Topic> TOPICS =
      List.of(new Topic("t1", List.of("c1", "c2")), new Topic("t2", List.of("c1")));

  private static CompletionPolicy policy(List<Topic> topics, int passingScore) {
    return new CompletionPolicy(
        topics, CompletionMode.STANDARD, passingScore, 85, 10, 15, 20, false);
  }

  private static String fieldOf(Runnable construction) {
    try {
      construction.run();
    } catch (InvalidValueException e) {
      return e.field();
    }
    throw new AssertionError("no InvalidValueException");
  }

  @Test
  void theWebBodyTakesTheContractDefaults() {
    AssignmentPolicyBody body =
        new AssignmentPolicyBody(
            List.of(new AssignmentPolicyBody.TopicBody("t1", List.of("c1"))),
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(body.toPolicy())
        .isEqualTo(
            new CompletionPolicy(
                List.of(new Topic("t1", List.of("c1"))),
                CompletionMode.STANDARD,
                70,
                85,
                10,
                15,
                20,
                false));
  }

  @Test
  void eachBrokenRuleNamesItsField() {
    assertThat(fieldOf(() -> policy(List.of(), 70))).isEqualTo("topics");
    assertThat(fieldOf(() -> policy(TOPICS, 101))).isEqualTo("passingScore");
    assertThat(fieldOf(() -> policy(TOPICS, -1))).isEqualTo("passingScore");
    assertThat(
            fieldOf(
                () ->
                    policy(
                        List.of(new Topic("t1", List.of("c1")), new Topic("t1", List.of("c2"))),
                        70)))
        .isEqualTo("topics[1].topicId");
    assertThat(fieldOf(() -> policy(List.of(new Topic("t1", List.of("c1", "c1"))), 70)))
        .isEqualTo("topics[0].challengeIds[1]");
    assertThat(fieldOf(() -> policy(List.of(new Topic("t1", List.of())), 70)))
        .isEqualTo("topics[0].challengeIds");
    assertThat(fieldOf(() -> policy(List.of(new Topic("bad id", List.of("c1"))), 70)))
        .isEqualTo("topics[0].topicId");
    assertThatThrownBy(() -> new CompletionPolicy(TOPICS, null, 70, 85, 10, 15, 20, false))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("completionMode is required");
  }

  @Test
  void thePolicyOwnsItsLists() {
    List<Topic> topics = new ArrayList<>(TOPICS);
    CompletionPolicy policy = policy(topics, 70);
    topics.clear();

    assertThat(policy.topics()).hasSize(2);
    assertThat(policy.hasTopic("t2")).isTrue();
    assertThat(policy.hasTopic("t3")).isFalse();
  }

  @Test
  void storedJsonOfTheFormerBodyReadsAsThePolicy() {
    // Rows written before the re-cut hold the defaulted web body; the column keeps that shape.
    String stored =
        """
        {"topics":[{"topicId":"t1","challengeIds":["c1","c2"]}],"completionMode":"STRICT",\
        "passingScore":80,"strictChallengeFloor":85,"hintPenalty":10,\
        "incorrectAttemptPenalty":15,"minimumChallengeScore":20,\
        "scorm12FailedWhenNotPassed":true}""";
    JsonMapper json = JsonMapper.builder().build();

    CompletionPolicy policy = json.readValue(stored, CompletionPolicy.class);

    assertThat(policy.completionMode()).isEqualTo(CompletionMode.STRICT);
    assertThat(policy.passingScore()).isEqualTo(80);
    assertThat(policy.scorm12FailedWhenNotPassed()).isTrue();
    assertThat(json.readValue(json.writeValueAsString(policy), CompletionPolicy.class))
        .isEqualTo(policy);
  }
}
