package io.learnpulse.xapi.bench;

import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.xapi.delivery.DeliverySettings;
import io.learnpulse.xapi.delivery.LrsEndpoint;
import io.learnpulse.xapi.delivery.Outbound;
import io.learnpulse.xapi.delivery.RetryPolicy;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.StatementJson;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.testing.LoopbackClients;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * Drain rate of the delivery path against a local LRS (Learning Locker's xapi-statements in
 * memory): statements mapped and queued up front, then the time until the LRS accepted all of them.
 * Not a test; run it and record the result in docs/benchmarks.md:
 *
 * <pre>./mvnw -q -pl xapi-emitter -am test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd xapi-emitter &amp;&amp; mkdir -p target/tmp &amp;&amp; java -Djava.io.tmpdir=target/tmp \
 *   -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   io.learnpulse.xapi.bench.LrsDrainBenchmark 20000 100 2</pre>
 *
 * Arguments: statements (about), batch size, lanes per tenant.
 */
public final class LrsDrainBenchmark {

  private LrsDrainBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int target = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int lanes = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    XapiMapper mapper =
        new XapiMapper(
            MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));
    TenantProfile tenant = TenantProfile.plain("bench", URI.create("https://lms.bench.example"));
    List<Statement> statements = new ArrayList<>();
    List<UUID> registrations = new ArrayList<>();
    for (int i = 0; statements.size() < target; i++) {
      SampleEvents events = new SampleEvents("bench", "learner-" + i, UUID.randomUUID());
      for (SpecificRecord e : events.everyKind()) {
        if (e instanceof io.learnpulse.events.v1.TopicStatus s && !s.getPassed()) {
          continue;
        }
        for (Statement s : mapper.map(e, tenant, LearnerFacts.NONE)) {
          statements.add(s);
          registrations.add(events.registration());
        }
      }
    }
    try (LocalLrs lrs = LocalLrs.start()) {
      double rate = drain(lrs, statements, registrations, batch, lanes);
      int held = lrs.statementIds().size();
      System.out.printf(
          "statements=%d batch=%d lanes=%d drain=%.0f statements/s held-by-lrs=%d%n",
          statements.size(), batch, lanes, rate, held);
    }
  }

  /** Queues every statement for one tenant and times until {@code lrs} accepted all; per second. */
  static double drain(
      LocalLrs lrs, List<Statement> statements, List<UUID> registrations, int batch, int lanes)
      throws InterruptedException {
    XapiMapper mapper =
        new XapiMapper(
            MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));
    TenantProfile tenant = TenantProfile.plain("bench", URI.create("https://lms.bench.example"));
    StatementJson json = new StatementJson();
    warmUp(lrs, mapper, tenant, json);
    CountDownLatch done = new CountDownLatch(statements.size());
    StatementDispatcher dispatcher = dispatcher(batch, lanes);
    dispatcher.register("bench", new LrsEndpoint(lrs.baseUrl(), "key", "secret"));
    List<Outbound> outbound = new ArrayList<>(statements.size());
    for (int i = 0; i < statements.size(); i++) {
      outbound.add(
          new Outbound(
              statements.get(i),
              json.toJson(statements.get(i)),
              registrations.get(i),
              outcome(done)));
    }
    long start = System.nanoTime();
    outbound.forEach(o -> dispatcher.submit("bench", o));
    if (!done.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("not drained");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    dispatcher.close();
    return statements.size() / seconds;
  }

  private static void warmUp(
      LocalLrs lrs, XapiMapper mapper, TenantProfile tenant, StatementJson json)
      throws InterruptedException {
    SampleEvents events = new SampleEvents("warm", "warm", UUID.randomUUID());
    List<Statement> warm = mapper.map(events.started(), tenant, LearnerFacts.NONE);
    CountDownLatch done = new CountDownLatch(warm.size());
    StatementDispatcher dispatcher = dispatcher(10, 1);
    dispatcher.register("warm", new LrsEndpoint(lrs.baseUrl(), "key", "secret"));
    warm.forEach(
        s ->
            dispatcher.submit(
                "warm", new Outbound(s, json.toJson(s), events.registration(), outcome(done))));
    done.await(1, TimeUnit.MINUTES);
    dispatcher.close();
  }

  private static StatementDispatcher dispatcher(int batch, int lanes) {
    return new StatementDispatcher(
        new DeliverySettings(
            batch,
            Duration.ofMillis(50),
            lanes,
            new RetryPolicy(
                Duration.ofMillis(100), Duration.ofSeconds(5), 2, Duration.ofMinutes(1)),
            Duration.ofMinutes(1)),
        LoopbackClients.client(Duration.ofSeconds(5), Duration.ofSeconds(60)),
        io.learnpulse.xapi.delivery.DeliveryListener.NONE,
        Math.max(2, lanes));
  }

  private static Outbound.Outcome outcome(CountDownLatch done) {
    return new Outbound.Outcome() {
      @Override
      public void delivered(boolean conflict) {
        done.countDown();
      }

      @Override
      public void rejected(int status, String reason) {
        throw new IllegalStateException("rejected: " + status + " " + reason);
      }

      @Override
      public void parked(String reason) {
        throw new IllegalStateException("parked: " + reason);
      }

      @Override
      public void dropped(String reason) {
        throw new IllegalStateException("dropped: " + reason);
      }
    };
  }
}
