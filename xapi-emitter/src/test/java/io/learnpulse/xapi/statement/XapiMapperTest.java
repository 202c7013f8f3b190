package io.learnpulse.xapi.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.schemas.xapi.XapiUuids;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class XapiMapperTest {

  private static final URI BASE = URI.create("https://learn.example.com/xapi/activities");
  private final XapiMapper mapper = new XapiMapper(MappingOptions.defaults(BASE));
  private final TenantProfile tenant =
      TenantProfile.plain(SampleEvents.TENANT, URI.create("https://lms.acme.example"));
  private final SampleEvents events = new SampleEvents();
  private final StatementJson json = new StatementJson();

  @Test
  void startedSessionIsLaunchedThenInitializedWithDistinctStableIds() {
    SessionStarted started = events.started();

    var statements = mapper.sessionStarted(started, tenant);

    assertThat(statements)
        .extracting(Statement::kind)
        .containsExactly(StatementKind.LAUNCHED, StatementKind.INITIALIZED);
    assertThat(statements)
        .extracting(s -> s.verb().id())
        .containsExactly(
            "http://adlnet.gov/expapi/verbs/launched",
            "http://adlnet.gov/expapi/verbs/initialized");
    assertThat(statements.get(0).id()).isNotEqualTo(statements.get(1).id());
    assertThat(mapper.sessionStarted(started, tenant)).isEqualTo(statements);
    assertThat(json.toJson(mapper.sessionStarted(started, tenant).get(0)))
        .isEqualTo(json.toJson(statements.get(0)));
  }

  @Test
  void aResumeLaunchIsLaunchedInitializedResumedAndThePlayersResumedAddsNothing() {
    var launch = mapper.sessionResumed(events.resumed(), tenant);
    var player = mapper.sessionResumed(events.playerResumed(), tenant);

    assertThat(launch)
        .extracting(Statement::kind)
        .containsExactly(StatementKind.LAUNCHED, StatementKind.INITIALIZED, StatementKind.RESUMED);
    assertThat(player).as("the player's session.resumed after a resume launch").isEmpty();
  }

  @Test
  void actorIsAnAccountOnTheTenantHomePage() {
    JsonNode statement = json.toTree(mapper.challengeOpened(events.opened("c1"), tenant));

    assertThat(statement.at("/actor/account/homePage").asString())
        .isEqualTo("https://lms.acme.example");
    assertThat(statement.at("/actor/account/name").asString()).isEqualTo(SampleEvents.LEARNER);
    assertThat(statement.at("/actor/objectType").asString()).isEqualTo("Agent");
  }

  @Test
  void pseudonymousTenantsGetAStablePerTenantPseudonymInsteadOfTheLearnerId() {
    TenantProfile a =
        new TenantProfile(
            "a",
            URI.create("https://a.example"),
            Optional.of("key-of-tenant-a-0123".getBytes(StandardCharsets.UTF_8)));
    TenantProfile b =
        new TenantProfile(
            "b",
            URI.create("https://b.example"),
            Optional.of("key-of-tenant-b-0123".getBytes(StandardCharsets.UTF_8)));

    assertThat(a.accountName("learner-42"))
        .isEqualTo(a.accountName("learner-42"))
        .hasSize(64)
        .doesNotContain("learner");
    assertThat(a.accountName("learner-42")).isNotEqualTo(b.accountName("learner-42"));
    assertThat(a.toString()).doesNotContain("key-of");
  }

  @Test
  void challengeActivitiesNestUnderTheBaseWithTopicParentAndAssignmentGrouping() {
    JsonNode statement =
        json.toTree(mapper.challengeOpened(events.opened("sql injection/1"), tenant));

    assertThat(statement.at("/verb/id").asString())
        .isEqualTo("http://adlnet.gov/expapi/verbs/attempted");
    assertThat(statement.at("/object/id").asString())
        .isEqualTo(BASE + "/topics/secure-coding/challenges/sql%20injection%2F1");
    assertThat(statement.at("/context/contextActivities/parent/0/id").asString())
        .isEqualTo(BASE + "/topics/secure-coding");
    assertThat(statement.at("/context/contextActivities/grouping/0/id").asString())
        .isEqualTo(BASE + "/assignments/onboarding-2026");
    assertThat(statement.at("/context/registration").asString())
        .isEqualTo(XapiUuids.registration(events.registration()).toString());
    assertThat(statement.at("/context/extensions").get(Vocabulary.EXT_SESSION_ID).asString())
        .isEqualTo(events.session().toString());
  }

  @Test
  void challengeOpenedCanBeExperiencedByConfiguration() {
    XapiMapper experienced =
        new XapiMapper(new MappingOptions(BASE, Vocabulary.EXPERIENCED, "LearnPulse"));

    assertThat(experienced.challengeOpened(events.opened("c1"), tenant).verb())
        .isEqualTo(Vocabulary.EXPERIENCED);
    assertThatThrownBy(() -> new MappingOptions(BASE, Vocabulary.PASSED, "LearnPulse"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersCarrySuccessAttemptAndHintsAndPendingAnswersNoSuccess() {
    JsonNode incorrect =
        json.toTree(
            mapper.answerSubmitted(
                events.answer("c1", "a-1", AnswerOutcome.INCORRECT),
                tenant,
                LearnerFacts.answer(1, 2)));
    JsonNode pending =
        json.toTree(
            mapper.answerSubmitted(
                events.answer("c1", "a-2", AnswerOutcome.PENDING_REVIEW),
                tenant,
                LearnerFacts.NONE));
    JsonNode reviewed =
        json.toTree(
            mapper.answerReviewed(events.review("c1", "a-2", ReviewOutcome.CORRECT), tenant));

    assertThat(incorrect.at("/verb/id").asString())
        .isEqualTo("http://adlnet.gov/expapi/verbs/answered");
    assertThat(incorrect.at("/result/success").asBoolean()).isFalse();
    assertThat(incorrect.at("/result/extensions").get(Vocabulary.EXT_ATTEMPT).asInt()).isEqualTo(1);
    assertThat(incorrect.at("/result/extensions").get(Vocabulary.EXT_HINTS_USED).asInt())
        .isEqualTo(2);
    assertThat(pending.at("/result").has("success")).isFalse();
    assertThat(pending.at("/result/extensions").get(Vocabulary.EXT_PENDING_REVIEW).asBoolean())
        .isTrue();
    assertThat(pending.at("/result/extensions").has(Vocabulary.EXT_ATTEMPT)).isFalse();
    assertThat(reviewed.at("/result/success").asBoolean()).isTrue();
    assertThat(reviewed.at("/result/extensions").get(Vocabulary.EXT_ANSWER_ID).asString())
        .isEqualTo("a-2");
  }

  @Test
  void finishedTopicStatusIsCompletedAndPassedWithScoreDurationAndPolicyVersion() {
    var statements =
        mapper.topicStatus(
            events.topicStatus(true), tenant, LearnerFacts.lasted(Duration.ofMinutes(14)));

    assertThat(statements)
        .extracting(Statement::kind)
        .containsExactly(StatementKind.COMPLETED, StatementKind.PASSED);
    JsonNode passed = json.toTree(statements.get(1));
    assertThat(passed.at("/result/success").asBoolean()).isTrue();
    assertThat(passed.at("/result/score/raw").asDouble()).isEqualTo(87.5);
    assertThat(passed.at("/result/score/scaled").asDouble()).isEqualTo(0.875);
    assertThat(passed.at("/result/duration").asString()).isEqualTo("PT14M");
    assertThat(passed.at("/result/extensions").get(Vocabulary.EXT_HINTS_USED).asInt()).isEqualTo(1);
    assertThat(passed.at("/context/extensions").get(Vocabulary.EXT_POLICY_VERSION).asInt())
        .isEqualTo(3);
    assertThat(passed.at("/timestamp").asString()).isEqualTo("2026-03-02T09:14:00.120Z");
    JsonNode completed = json.toTree(statements.get(0));
    assertThat(completed.at("/result/completion").asBoolean()).isTrue();
    assertThat(completed.at("/result").has("success")).isFalse();
  }

  @Test
  void failedTopicIsCompletedAndFailedAndUnfinishedTopicSaysNothing() {
    assertThat(mapper.topicStatus(events.topicStatus(false), tenant, LearnerFacts.NONE))
        .extracting(Statement::kind)
        .containsExactly(StatementKind.COMPLETED, StatementKind.FAILED);
    assertThat(mapper.topicStatus(events.unfinishedStatus(), tenant, LearnerFacts.NONE)).isEmpty();
  }

  @Test
  void sameTopicAndPolicyVersionMapToTheSameIdsAcrossRecomputations() {
    var first = mapper.topicStatus(events.topicStatus(true), tenant, LearnerFacts.NONE);
    var again =
        mapper.topicStatus(
            events.topicStatus(true), tenant, LearnerFacts.lasted(Duration.ofMinutes(1)));

    assertThat(again.get(0).id()).isEqualTo(first.get(0).id());
  }

  @Test
  void timestampIsOccurredAtButNeverAfterReceivedAt() {
    SessionStarted started = events.started();
    var m = started.getMetadata();
    m.put("occurredAt", m.getReceivedAt().plusSeconds(30)); // player clock ahead

    assertThat(mapper.sessionStarted(started, tenant).get(0).timestamp())
        .isEqualTo(m.getReceivedAt());
  }

  @Test
  void heartbeatsAreNotMapped() {
    Heartbeat heartbeat =
        Heartbeat.newBuilder()
            .setMetadata(events.metadata())
            .setAssignmentId("a")
            .setActiveMillis(30_000)
            .setBookmark(io.learnpulse.events.v1.Bookmark.newBuilder().setTopicId("t").build())
            .build();

    assertThat(XapiMapper.supports(heartbeat)).isFalse();
    assertThat(XapiMapper.supports(events.started())).isTrue();
    assertThatThrownBy(() -> mapper.map(heartbeat, tenant, LearnerFacts.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
