package io.learnpulse.xapi.delivery;

import static io.learnpulse.xapi.testing.SampleStatements.ids;
import static io.learnpulse.xapi.testing.SampleStatements.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.schemas.net.OutboundUrlPolicy;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.StatementJson;
import io.learnpulse.xapi.testing.DrippingLrs;
import io.learnpulse.xapi.testing.FaultProxy;
import io.learnpulse.xapi.testing.FaultProxy.Fault;
import io.learnpulse.xapi.testing.LoopbackClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants cannot hold each other up: LRSs that drip their answers, a tenant paused on 401 with a
 * large backlog, a tenant whose settings change or which is disabled, and an endpoint the URL
 * policy refuses — each next to a healthy tenant on a real LRS (Learning Locker's statement service
 * in node on 127.0.0.1). The hostile LRSs are real HTTP servers on 127.0.0.1 too ({@link
 * DrippingLrs}, {@link FaultProxy} answering 401 in front of a real LRS).
 */
class TenantIsolationIT {

  private static final StatementJson JSON = new StatementJson();
  private static LocalLrs lrs;

  private final Recorder recorder = new Recorder();
  private final Moves listener = new Moves();
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

  private StatementDispatcher dispatcher(
      int threads, Duration deadline, int backlogBudget, Duration parkAfter) {
    return dispatcher(
        threads,
        deadline,
        backlogBudget,
        parkAfter,
        LoopbackClients.client(Duration.ofSeconds(1), deadline));
  }

  private StatementDispatcher dispatcher(
      int threads, Duration deadline, int backlogBudget, Duration parkAfter, LrsClient client) {
    DeliverySettings settings =
        new DeliverySettings(
            25,
            Duration.ofMillis(20),
            2,
            new RetryPolicy(
                Duration.ofMillis(50), Duration.ofMillis(400), 2, Duration.ofSeconds(3)),
            Duration.ofMinutes(10),
            backlogBudget,
            parkAfter);
    dispatcher = new StatementDispatcher(settings, client, listener, threads);
    return dispatcher;
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

  private static LrsEndpoint endpoint(URI base, String user) {
    return new LrsEndpoint(base, user, "secret");
  }

  @Test
  void fourDrippingTenantsDoNotDelayAHealthyOne() throws Exception {
    List<DrippingLrs> drips = new ArrayList<>();
    try {
      // fewer delivery threads (2) than the dripping tenants' lanes (4 x 2)
      dispatcher(2, Duration.ofSeconds(2), 10_000, Duration.ofMinutes(10));
      for (int i = 0; i < 4; i++) {
        DrippingLrs drip = new DrippingLrs(Duration.ofMillis(200));
        drips.add(drip);
        dispatcher.register("drip" + i, endpoint(drip.baseUrl(), "k"));
        submit("drip" + i, statements("drip" + i, 4));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dispatcher.tenants().stream().mapToInt(TenantDelivery::inFlight).sum() > 0);

      dispatcher.register("healthy", endpoint(lrs.baseUrl(), "k"));
      List<Statement> healthy = statements("healthy", 4);
      long start = System.nanoTime();
      submit("healthy", healthy);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> recorder.delivered.containsAll(ids(healthy)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(lrs.statementIds()).containsAll(ids(healthy));
      // the dripping bodies are cut at the deadline and health says so
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> drips.stream().allMatch(d -> !d.closedAfter().isEmpty()));
      for (DrippingLrs drip : drips) {
        assertThat(drip.closedAfter())
            .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(4)));
      }
      for (int i = 0; i < 4; i++) {
        TenantDelivery d = dispatcher.tenant("drip" + i).orElseThrow();
        assertThat(d.state()).isIn(TenantState.RETRYING, TenantState.UNAVAILABLE);
        assertThat(d.reason()).startsWith("no complete answer within");
        assertThat(d.backlog()).isPositive();
      }
      assertThat(dispatcher.tenant("healthy").orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
      assertThat(recorder.delivered).doesNotContainAnyElementsOf(ids(statements("drip0", 4)));
    } finally {
      for (DrippingLrs drip : drips) {
        drip.close();
      }
    }
  }

  @Test
  void aTenantPausedOn401WithALargeBacklogParksItAndOthersFlow() throws Exception {
    try (FaultProxy locked = new FaultProxy(lrs)) {
      locked.inject(new Fault(401, Map.of(), "{\"message\":\"Unauthorised\"}"), 100_000);
      dispatcher(4, Duration.ofSeconds(2), 40, Duration.ofSeconds(3));
      dispatcher.register("locked", endpoint(locked.baseUrl(), "old-key"));
      dispatcher.register("healthy", endpoint(lrs.baseUrl(), "k"));
      List<Statement> lockedStatements = statements("locked", 30);
      submit("locked", lockedStatements.subList(0, 10));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dispatcher.tenant("locked").orElseThrow().state() == TenantState.PAUSED);

      submit("locked", lockedStatements.subList(10, lockedStatements.size()));
      List<Statement> healthy = statements("healthy", 4);
      submit("healthy", healthy);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> recorder.delivered.containsAll(ids(healthy)));
      TenantDelivery paused = dispatcher.tenant("locked").orElseThrow();
      // over its budget at once: only 40 wait, the rest is parked, not counted for backpressure
      assertThat(paused.backlog()).isLessThanOrEqualTo(40);
      assertThat(recorder.parked).hasSize(lockedStatements.size() - paused.backlog());
      assertThat(recorder.parked.values()).allMatch(r -> r.contains("PAUSED") && r.contains("401"));
      assertThat(dispatcher.activeBacklog()).isZero();
      // paused past park-after: the rest leaves memory too, so offsets can move on
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> recorder.parked.size() == lockedStatements.size());
      assertThat(paused.backlog()).isZero();
      assertThat(paused.parked()).isEqualTo(lockedStatements.size());
      assertThat(recorder.delivered).doesNotContainAnyElementsOf(ids(lockedStatements));
    }
  }

  @Test
  void changedCredentialsMoveTheWaitingStatementsToTheNewSettings() throws Exception {
    try (FaultProxy locked = new FaultProxy(lrs)) {
      locked.inject(new Fault(401, Map.of(), "{\"message\":\"Unauthorised\"}"), 100_000);
      dispatcher(4, Duration.ofSeconds(2), 10_000, Duration.ofMinutes(10));
      dispatcher.register("rotated", endpoint(locked.baseUrl(), "old-key"));
      List<Statement> statements = statements("rotated", 4);
      submit("rotated", statements);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dispatcher.tenant("rotated").orElseThrow().state() == TenantState.PAUSED);
      assertThat(dispatcher.tenant("rotated").orElseThrow().backlog()).isEqualTo(statements.size());

      dispatcher.register("rotated", endpoint(lrs.baseUrl(), "new-key"));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> recorder.delivered.containsAll(ids(statements)));
      assertThat(lrs.statementIds()).containsAll(ids(statements));
      assertThat(listener.moved.get()).isEqualTo(statements.size());
      assertThat(dispatcher.tenant("rotated").orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
      assertThat(dispatcher.tenant("rotated").orElseThrow().backlog()).isZero();
    }
  }

  @Test
  void aDisabledTenantsWaitingStatementsAreDroppedAndCounted() throws Exception {
    try (FaultProxy locked = new FaultProxy(lrs)) {
      locked.inject(new Fault(401, Map.of(), "{}"), 100_000);
      dispatcher(4, Duration.ofSeconds(2), 10_000, Duration.ofMinutes(10));
      dispatcher.register("leaving", endpoint(locked.baseUrl(), "k"));
      List<Statement> statements = statements("leaving", 2);
      submit("leaving", statements);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dispatcher.tenant("leaving").orElseThrow().state() == TenantState.PAUSED);

      dispatcher.unregister("leaving", "xAPI disabled for tenant leaving");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> recorder.dropped.size() == statements.size());
      assertThat(recorder.dropped.values()).containsOnly("xAPI disabled for tenant leaving");
      assertThat(listener.dropped.get()).isEqualTo(statements.size());
      assertThat(dispatcher.tenant("leaving")).isEmpty();
      assertThat(recorder.delivered).isEmpty();
    }
  }

  @Test
  void withoutAnAllowListTheLocalLrsIsRefusedAtConnectTime() throws Exception {
    dispatcher(
        2,
        Duration.ofSeconds(2),
        10_000,
        Duration.ofMinutes(10),
        LoopbackClients.client(
            Duration.ofSeconds(1), Duration.ofSeconds(2), OutboundUrlPolicy.publicOnly()));
    dispatcher.register("ssrf", endpoint(lrs.baseUrl(), "k"));
    int before = lrs.statementIds().size();
    submit("ssrf", statements("ssrf", 1));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatcher.tenant("ssrf").orElseThrow().state() == TenantState.PAUSED);
    assertThat(dispatcher.tenant("ssrf").orElseThrow().reason())
        .startsWith("outbound URL policy:")
        .contains("127.0.0.1")
        .contains("loopback");
    assertThat(lrs.statementIds()).hasSize(before);
  }

  /** Counts moves and drops. */
  static final class Moves implements DeliveryListener {
    final AtomicInteger moved = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    @Override
    public void moved(String tenant, int statements) {
      moved.addAndGet(statements);
    }

    @Override
    public void dropped(String tenant, int statements, String reason) {
      dropped.addAndGet(statements);
    }
  }
}
