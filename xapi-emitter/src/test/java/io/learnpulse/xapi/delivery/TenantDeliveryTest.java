package io.learnpulse.xapi.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.StatementJson;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduling of {@link TenantDelivery} — lanes, order, splitting, the backlog budget, the
 * hand-over — against a scripted LRS: a JDK HTTP server on 127.0.0.1 that records the ids of every
 * POST and answers by a rule the test sets. Fast (no node LRS, no Kafka), no mocks.
 */
class TenantDeliveryTest {

  private static final Pattern ID =
      Pattern.compile("\"id\":\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\"");
  private static final XapiMapper MAPPER =
      new XapiMapper(MappingOptions.defaults(URI.create("https://learn.example.com/xapi/a")));

  private HttpServer server;
  private final List<List<String>> posts = new CopyOnWriteArrayList<>();
  private volatile Function<List<String>, Integer> answer = ids -> 200;
  private final Recorder recorder = new Recorder();
  private StatementDispatcher dispatcher;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/xAPI/statements", this::serve);
    server.start();
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      List<String> ids = new ArrayList<>();
      Matcher m = ID.matcher(body);
      while (m.find()) {
        ids.add(m.group(1));
      }
      posts.add(ids);
      int status = answer.apply(ids);
      byte[] reply =
          (status == 200 ? "[]" : "{\"message\":\"scripted " + status + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/xAPI");
  }

  private TenantDelivery delivery(int budget) {
    DeliverySettings settings =
        new DeliverySettings(
            10,
            Duration.ofMillis(5),
            2,
            new RetryPolicy(
                Duration.ofMillis(20), Duration.ofMillis(100), 2, Duration.ofSeconds(5)),
            Duration.ofMinutes(10),
            budget,
            Duration.ofMinutes(10));
    dispatcher =
        new StatementDispatcher(
            settings,
            LoopbackClients.client(Duration.ofSeconds(1), Duration.ofSeconds(2)),
            DeliveryListener.NONE,
            2);
    return dispatcher.register("t", new LrsEndpoint(base(), "k", "s"));
  }

  /** Statements of one registration, in the order a learner makes them. */
  private static List<Statement> oneRegistration(String learner) {
    TenantProfile profile = TenantProfile.plain("t", URI.create("https://lms.example"));
    SampleEvents events =
        new SampleEvents("t", learner, UUID.nameUUIDFromBytes(learner.getBytes()));
    List<Statement> all = new ArrayList<>();
    for (SpecificRecord event : events.everyKind()) {
      if (event instanceof io.learnpulse.events.v1.TopicStatus s && !s.getPassed()) {
        continue;
      }
      all.addAll(MAPPER.map(event, profile, LearnerFacts.NONE));
    }
    return all;
  }

  private void submit(TenantDelivery delivery, List<Statement> statements) {
    StatementJson json = new StatementJson();
    for (Statement s : statements) {
      delivery.submit(
          new Outbound(s, json.toJson(s), s.context().registration(), recorder.outcome(s.id())));
    }
  }

  private static List<String> ids(List<Statement> statements) {
    return statements.stream().map(s -> s.id().toString()).toList();
  }

  @Test
  void aRegistrationsStatementsArriveInOrderInBatchesOfAtMostTheBatchSize() {
    TenantDelivery delivery = delivery(1000);
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statements.addAll(oneRegistration("learner-" + i));
    }
    submit(delivery, statements);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recorder.delivered.size() == statements.size());
    assertThat(posts).allSatisfy(p -> assertThat(p).hasSizeBetween(1, 10));
    for (int i = 0; i < 3; i++) {
      List<String> expected = ids(oneRegistration("learner-" + i));
      List<String> arrived =
          posts.stream().flatMap(List::stream).filter(expected::contains).toList();
      assertThat(arrived).containsExactlyElementsOf(expected);
    }
    assertThat(delivery.backlog()).isZero();
    assertThat(delivery.inFlight()).isZero();
  }

  @Test
  void aRefusedStatementIsFoundByHalvingAndOnlyItIsRejected() {
    TenantDelivery delivery = delivery(1000);
    List<Statement> statements = oneRegistration("learner-x");
    String bad = statements.get(3).id().toString();
    answer = ids -> ids.contains(bad) ? 400 : 200;
    submit(delivery, statements);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recorder.outcomes.get() == statements.size());
    assertThat(recorder.rejected).containsOnlyKeys(bad);
    assertThat(recorder.rejected.get(bad)).isEqualTo("400 {\"message\":\"scripted 400\"}");
    assertThat(recorder.delivered).hasSize(statements.size() - 1);
    assertThat(posts).contains(List.of(bad)); // isolated down to a batch of one
  }

  @Test
  void aPausedTenantKeepsItsBudgetAndParksTheRestAtOnce() {
    TenantDelivery delivery = delivery(5);
    answer = ids -> 401;
    List<Statement> statements = oneRegistration("learner-p");
    submit(delivery, statements.subList(0, 3));
    await().atMost(Duration.ofSeconds(10)).until(() -> delivery.state() == TenantState.PAUSED);

    submit(delivery, statements.subList(3, statements.size()));

    assertThat(delivery.backlog()).isEqualTo(5);
    assertThat(recorder.parked).containsOnlyKeys(ids(statements.subList(5, statements.size())));
    assertThat(delivery.parked()).isEqualTo(statements.size() - 5);
    assertThat(delivery.reason()).startsWith("HTTP 401 from " + base() + "/statements");
    int postsWhilePaused = posts.size();
    submit(delivery, oneRegistration("learner-q").subList(0, 1));
    assertThat(posts).hasSize(postsWhilePaused); // a paused tenant sends nothing
  }

  @Test
  void resumeSendsTheWaitingStatementsOnceTheLrsTakesThem() {
    TenantDelivery delivery = delivery(1000);
    answer = ids -> 403;
    List<Statement> statements = oneRegistration("learner-r");
    submit(delivery, statements);
    await().atMost(Duration.ofSeconds(10)).until(() -> delivery.state() == TenantState.PAUSED);

    answer = ids -> 200;
    delivery.resume();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recorder.delivered.size() == statements.size());
    assertThat(delivery.state()).isEqualTo(TenantState.ACTIVE);
    assertThat(recorder.parked).isEmpty();
  }
}
