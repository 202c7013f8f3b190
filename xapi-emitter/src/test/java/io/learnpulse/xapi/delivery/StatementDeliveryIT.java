package io.learnpulse.xapi.delivery;

import static io.learnpulse.xapi.testing.SampleStatements.ids;
import static io.learnpulse.xapi.testing.SampleStatements.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.StatementJson;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.testing.FaultProxy;
import io.learnpulse.xapi.testing.FaultProxy.Fault;
import io.learnpulse.xapi.testing.LoopbackClients;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Delivery against a real LRS: Learning Locker's statement service, in memory, in node. */
class StatementDeliveryIT {

  private static LocalLrs lrs;
  private static final XapiMapper MAPPER =
      new XapiMapper(
          MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));
  private static final StatementJson JSON = new StatementJson();

  private final Recorder recorder = new Recorder();
  private final Counting listener = new Counting();
  private StatementDispatcher dispatcher;

  @BeforeAll
  static void startLrs() throws Exception {
    lrs = LocalLrs.start();
  }

  @AfterAll
  static void stopLrs() throws Exception {
    lrs.close();
  }

  @AfterEach
  void stopDispatcher() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private StatementDispatcher dispatcher(Duration budget) {
    DeliverySettings settings =
        new DeliverySettings(
            25,
            Duration.ofMillis(20),
            2,
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 2, budget),
            Duration.ofMillis(300));
    LrsClient client = LoopbackClients.client(Duration.ofSeconds(1), Duration.ofMillis(800));
    dispatcher = new StatementDispatcher(settings, client, listener, 4);
    return dispatcher;
  }

  private static LrsEndpoint endpoint(URI base) {
    return new LrsEndpoint(base, "key", "secret");
  }

  private void submit(String tenant, List<Statement> statements) {
    for (Statement s : statements) {
      dispatcher.submit(
          tenant,
          new Outbound(
              s,
              JSON.toJson(s),
              UUID.nameUUIDFromBytes(s.context().registration().toString().getBytes()),
              recorder.outcome(s.id())));
    }
  }

  @Test
  void deliversEveryStatementOnceAndARedeliveryChangesNothing() throws Exception {
    dispatcher(Duration.ofSeconds(5)).register("t1", endpoint(lrs.baseUrl()));
    List<Statement> statements = statements("t1", 20);
    int before = lrs.statementIds().size();

    submit("t1", statements);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recorder.delivered.size() == statements.size());
    submit("t1", statements); // a redelivery after, say, a rebalance
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recorder.outcomes.get() == 2 * statements.size());

    List<String> held = lrs.statementIds();
    assertThat(held).hasSize(before + statements.size()).doesNotHaveDuplicates();
    assertThat(held).containsAll(ids(statements));
    assertThat(recorder.rejected).isEmpty();
    assertThat(listener.sent.get()).isEqualTo(2 * statements.size());
    assertThat(dispatcher.backlog()).isZero();
  }

  @Test
  void keepsTheOrderOfEachRegistration() throws Exception {
    dispatcher(Duration.ofSeconds(5)).register("order", endpoint(lrs.baseUrl()));
    List<Statement> statements = statements("order", 6);

    submit("order", statements);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recorder.delivered.size() == statements.size());

    Map<String, List<String>> storedOrder = new ConcurrentHashMap<>();
    List<JsonNode> stored = new ArrayList<>(lrs.statements());
    java.util.Collections.reverse(stored); // the LRS lists newest first
    for (JsonNode s : stored) {
      storedOrder
          .computeIfAbsent(s.at("/context/registration").asString(), r -> new ArrayList<>())
          .add(s.get("id").asString());
    }
    Map<String, List<String>> sentOrder = new ConcurrentHashMap<>();
    for (Statement s : statements) {
      sentOrder
          .computeIfAbsent(s.context().registration().toString(), r -> new ArrayList<>())
          .add(s.id().toString());
    }
    sentOrder.forEach(
        (registration, ids) -> assertThat(storedOrder.get(registration)).containsSubsequence(ids));
  }

  @Test
  void aConflictingIdCountsAsDeliveredAndTheRestOfTheBatchArrives() throws Exception {
    dispatcher(Duration.ofSeconds(5)).register("t409", endpoint(lrs.baseUrl()));
    List<Statement> statements = statements("t409", 1);
    Statement taken = statements.get(3);
    // the LRS already holds a different statement under one of our ids
    String other =
        JSON.toJson(
                MAPPER.challengeOpened(
                    new SampleEvents("t409", "someone-else", UUID.randomUUID()).opened("c"),
                    TenantProfile.plain("t409", URI.create("https://x.example"))))
            .replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + taken.id() + "\"");
    HttpResponse<String> seeded =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint(lrs.baseUrl()).statements())
                    .header("X-Experience-API-Version", "1.0.3")
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic a2V5OnNlY3JldA==")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + other + "]"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(seeded.statusCode()).isEqualTo(200);

    submit("t409", statements);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recorder.outcomes.get() == statements.size());

    assertThat(recorder.conflicts).containsExactly(taken.id().toString());
    assertThat(recorder.delivered).containsAll(ids(statements));
    assertThat(lrs.statementIds()).containsAll(ids(statements));
    assertThat(listener.conflicted.get()).isEqualTo(1);
  }

  @Test
  void anInvalidStatementIsIsolatedWithTheLrsReasonAndTheRestArrives() throws Exception {
    dispatcher(Duration.ofSeconds(5)).register("t400", endpoint(lrs.baseUrl()));
    List<Statement> statements = statements("t400", 2);
    Statement bad = statements.get(7);

    for (Statement s : statements) {
      String json = JSON.toJson(s);
      if (s == bad) {
        json =
            json.replace(
                "\"homePage\":\"https://lms.t400.example\"", "\"homePage\":\"not an IRL\"");
      }
      dispatcher.submit(
          "t400",
          new Outbound(
              s,
              json,
              UUID.nameUUIDFromBytes(s.context().registration().toString().getBytes()),
              recorder.outcome(s.id())));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recorder.outcomes.get() == statements.size());

    assertThat(recorder.rejected).containsOnlyKeys(bad.id().toString());
    assertThat(recorder.rejected.get(bad.id().toString())).startsWith("400 ").contains("homePage");
    Set<String> good = ids(statements);
    good.remove(bad.id().toString());
    assertThat(lrs.statementIds()).containsAll(good).doesNotContain(bad.id().toString());
  }

  @Test
  void aFrozenLrsPastTheRetryBudgetLosesNothingAndDoublesNothing() throws Exception {
    try (LocalLrs own = LocalLrs.start()) {
      dispatcher(Duration.ofSeconds(1)).register("down", endpoint(own.baseUrl()));
      List<Statement> statements = statements("down", 10);
      submit("down", statements.subList(0, 40));
      await().atMost(Duration.ofSeconds(30)).until(() -> recorder.delivered.size() == 40);

      own.freeze();
      submit("down", statements.subList(40, statements.size()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> dispatcher.tenant("down").orElseThrow().state() == TenantState.UNAVAILABLE);
      own.thaw();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> recorder.delivered.size() == statements.size());

      List<String> held = own.statementIds();
      assertThat(held).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(statements));
      assertThat(listener.retried.get()).isPositive();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dispatcher.tenant("down").orElseThrow().state() == TenantState.ACTIVE);
    }
  }

  @Test
  void tenantAStatementsNeverReachTenantBsLrs() throws Exception {
    try (LocalLrs a = LocalLrs.start();
        LocalLrs b = LocalLrs.start()) {
      dispatcher(Duration.ofSeconds(5));
      dispatcher.register("a", endpoint(a.baseUrl()));
      dispatcher.register("b", endpoint(b.baseUrl()));
      List<Statement> ofA = statements("a", 3);
      List<Statement> ofB = statements("b", 3);

      submit("a", ofA);
      submit("b", ofB);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> recorder.delivered.size() == ofA.size() + ofB.size());

      assertThat(a.statementIds()).containsExactlyInAnyOrderElementsOf(ids(ofA));
      assertThat(b.statementIds()).containsExactlyInAnyOrderElementsOf(ids(ofB));
      assertThat(a.statements())
          .allSatisfy(
              s ->
                  assertThat(s.at("/actor/account/homePage").asString())
                      .isEqualTo("https://lms.a.example"));
    }
  }

  @Test
  void rejectedCredentialsPauseOnlyThatTenantUntilTheLrsAcceptsThem() throws Exception {
    try (LocalLrs a = LocalLrs.start();
        FaultProxy proxyA = new FaultProxy(a)) {
      dispatcher(Duration.ofSeconds(5));
      dispatcher.register("locked", endpoint(proxyA.baseUrl()));
      dispatcher.register("open", endpoint(lrs.baseUrl()));
      proxyA.inject(new Fault(401, Map.of(), "{\"message\":\"Unauthorised\"}"), 2);
      List<Statement> locked = statements("locked", 2);
      List<Statement> open = statements("open", 2);

      submit("locked", locked);
      submit("open", open);

      await().atMost(Duration.ofSeconds(30)).until(() -> listener.states.contains("locked:PAUSED"));
      await().atMost(Duration.ofSeconds(60)).until(() -> recorder.delivered.containsAll(ids(open)));
      // the pause is retried every 300 ms here; the third attempt passes
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> recorder.delivered.size() == locked.size() + open.size());
      assertThat(a.statementIds()).containsExactlyInAnyOrderElementsOf(ids(locked));
      assertThat(dispatcher.tenant("locked").orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
    }
  }

  @Test
  void rateLimitingIsRetriedAfterTheLrsRetryAfter() throws Exception {
    try (FaultProxy proxy = new FaultProxy(lrs)) {
      dispatcher(Duration.ofSeconds(30)).register("busy", endpoint(proxy.baseUrl()));
      proxy.inject(new Fault(429, Map.of("Retry-After", "1"), ""), 1);
      proxy.inject(new Fault(503, Map.of(), ""), 1);
      List<Statement> statements = statements("busy", 1).subList(0, 5);
      long start = System.nanoTime();

      submit("busy", statements);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> recorder.delivered.size() == statements.size());

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(proxy.injected()).isEqualTo(2);
      assertThat(listener.retried.get()).isEqualTo(2 * statements.size());
      assertThat(lrs.statementIds()).containsAll(ids(statements));
    }
  }

  /** Counts what the dispatcher reports. */
  static final class Counting implements DeliveryListener {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger conflicted = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final Set<String> states = ConcurrentHashMap.newKeySet();

    @Override
    public void sent(String tenant, int statements) {
      sent.addAndGet(statements);
    }

    @Override
    public void conflicted(String tenant, int statements) {
      conflicted.addAndGet(statements);
    }

    @Override
    public void retried(String tenant, int statements, String cause) {
      retried.addAndGet(statements);
    }

    @Override
    public void stateChanged(String tenant, TenantState state, String reason) {
      states.add(tenant + ":" + state);
    }
  }
}
