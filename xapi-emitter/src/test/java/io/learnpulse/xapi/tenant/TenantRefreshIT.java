package io.learnpulse.xapi.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.xapi.delivery.DeliveryListener;
import io.learnpulse.xapi.delivery.DeliverySettings;
import io.learnpulse.xapi.delivery.Outbound;
import io.learnpulse.xapi.delivery.RetryPolicy;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.delivery.TenantState;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.StatementJson;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.testing.FaultProxy;
import io.learnpulse.xapi.testing.FaultProxy.Fault;
import io.learnpulse.xapi.testing.LoopbackClients;
import io.learnpulse.xapi.testing.SampleEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Settings that change in lms-sync reach the queued statements without new traffic: the refresher
 * re-reads them on a timer, a rotated endpoint and credential gets the waiting statements (a real
 * LRS on 127.0.0.1 receives them), and a tenant lms-sync no longer knows has its statements dropped
 * and counted. lms-sync is played by an HTTP server on 127.0.0.1 answering as it does.
 */
class TenantRefreshIT {

  private static final String TOKEN = "internal-secret";
  private static final XapiMapper MAPPER =
      new XapiMapper(
          MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));

  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private final Map<String, String> dropped = new ConcurrentHashMap<>();
  private final AtomicInteger moved = new AtomicInteger();

  @Test
  void rotatedSettingsGetTheWaitingStatementsAndADeletedTenantsAreDropped() throws Exception {
    HttpServer lmsSync =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    lmsSync.createContext("/v1/internal/tenants/", this::serve);
    lmsSync.start();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (LocalLrs lrs = LocalLrs.start();
        FaultProxy oldCredentials = new FaultProxy(lrs);
        StatementDispatcher dispatcher = dispatcher()) {
      oldCredentials.inject(new Fault(401, Map.of(), "{\"message\":\"Unauthorised\"}"), 100_000);
      answers.put("acme", settings(oldCredentials.baseUrl(), "old-key"));
      answers.put("gone", settings(oldCredentials.baseUrl(), "key"));
      LmsSyncTenantDirectory directory =
          new LmsSyncTenantDirectory(
              URI.create("http://127.0.0.1:" + lmsSync.getAddress().getPort()),
              TOKEN,
              Duration.ofHours(1), // only the refresher reads lms-sync again
              Duration.ofSeconds(2));
      for (String tenant : List.of("acme", "gone")) {
        dispatcher.register(tenant, directory.find(tenant).orElseThrow().endpoint());
      }
      List<Statement> ofAcme = statements("acme");
      List<Statement> ofGone = statements("gone");
      submit(dispatcher, "acme", ofAcme);
      submit(dispatcher, "gone", ofGone);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> dispatcher.tenants().stream().allMatch(t -> t.state() == TenantState.PAUSED));

      answers.put("acme", settings(lrs.baseUrl(), "new-key"));
      answers.remove("gone"); // deleted: lms-sync answers 404 not-found
      timer.scheduleWithFixedDelay(
          new TenantRefresher(directory, dispatcher), 200, 200, TimeUnit.MILLISECONDS);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> delivered.size() == ofAcme.size() && dropped.size() == ofGone.size());
      assertThat(lrs.statementIds())
          .containsAll(ids(ofAcme))
          .doesNotContainAnyElementsOf(ids(ofGone));
      assertThat(moved.get()).isEqualTo(ofAcme.size());
      assertThat(dropped.values()).allMatch(r -> r.contains("tenant gone"));
      assertThat(dispatcher.tenant("acme").orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
      assertThat(dispatcher.tenant("acme").orElseThrow().endpoint().username())
          .isEqualTo("new-key");
      assertThat(dispatcher.tenant("gone")).isEmpty();
    } finally {
      timer.shutdownNow();
      lmsSync.stop(0);
    }
  }

  private StatementDispatcher dispatcher() {
    DeliverySettings settings =
        new DeliverySettings(
            25,
            Duration.ofMillis(20),
            2,
            new RetryPolicy(
                Duration.ofMillis(50), Duration.ofMillis(400), 2, Duration.ofSeconds(3)),
            Duration.ofMinutes(10));
    return new StatementDispatcher(
        settings,
        LoopbackClients.client(Duration.ofSeconds(1), Duration.ofSeconds(2)),
        new DeliveryListener() {
          @Override
          public void moved(String tenant, int statements) {
            moved.addAndGet(statements);
          }
        },
        2);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String tenant = path.substring("/v1/internal/tenants/".length(), path.length() - 4);
      String body = answers.get(tenant);
      int status = 200;
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        status = 401;
        body = "{}";
      } else if (body == null) {
        status = 404;
        body =
            "{\"type\":\"urn:learnpulse:problem:not-found\",\"status\":404,"
                + "\"detail\":\"unknown tenant\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String settings(URI endpoint, String user) {
    return "{\"enabled\":true,\"endpoint\":\""
        + endpoint
        + "\",\"homePage\":\"https://lms.example\",\"username\":\""
        + user
        + "\",\"password\":\"s3cret\"}";
  }

  private static List<Statement> statements(String tenant) {
    TenantProfile profile = TenantProfile.plain(tenant, URI.create("https://lms.example"));
    List<Statement> all = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SampleEvents events =
          new SampleEvents(tenant, "learner-" + i, UUID.nameUUIDFromBytes((tenant + i).getBytes()));
      for (SpecificRecord event : events.everyKind()) {
        if (event instanceof io.learnpulse.events.v1.TopicStatus s && !s.getPassed()) {
          continue;
        }
        all.addAll(MAPPER.map(event, profile, LearnerFacts.NONE));
      }
    }
    return all;
  }

  private static List<String> ids(List<Statement> statements) {
    return statements.stream().map(s -> s.id().toString()).toList();
  }

  private void submit(StatementDispatcher dispatcher, String tenant, List<Statement> statements) {
    StatementJson json = new StatementJson();
    for (Statement s : statements) {
      String id = s.id().toString();
      dispatcher.submit(
          tenant,
          new Outbound(
              s,
              json.toJson(s),
              UUID.nameUUIDFromBytes(s.context().registration().toString().getBytes()),
              new Outbound.Outcome() {
                @Override
                public void delivered(boolean conflict) {
                  delivered.add(id);
                }

                @Override
                public void rejected(int status, String reason) {
                  throw new AssertionError("rejected " + id + ": " + reason);
                }

                @Override
                public void parked(String reason) {
                  throw new AssertionError("parked " + id + ": " + reason);
                }

                @Override
                public void dropped(String reason) {
                  dropped.put(id, reason);
                }
              }));
    }
  }
}
