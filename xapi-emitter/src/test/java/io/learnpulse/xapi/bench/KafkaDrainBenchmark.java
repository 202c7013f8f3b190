package io.learnpulse.xapi.bench;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.EmbeddedInfrastructure;
import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.testing.EmitterApp;
import io.learnpulse.xapi.testing.KafkaFixture;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;

/**
 * Drain rate from Kafka to a local LRS, side by side with the LRS-only figure of {@link
 * LrsDrainBenchmark} on the same statements in the same run. Events of every kind are produced to
 * {@code learnpulse.activity.v1} and {@code learnpulse.topic-status.v1} first (embedded broker and
 * registry, the project's serializer); then xapi-emitter (the Spring application, consumer loop
 * started once the context is up) is timed until its consumer group has committed the end of both
 * topics, i.e. until the LRS accepted every statement. Not a test; run it and record the result in
 * docs/benchmarks.md:
 *
 * <pre>./mvnw -q -pl xapi-emitter -am test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd xapi-emitter &amp;&amp; mkdir -p target/tmp &amp;&amp; java -Djava.io.tmpdir=target/tmp \
 *   -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   io.learnpulse.xapi.bench.KafkaDrainBenchmark 20000 100 2</pre>
 *
 * Arguments: statements (about), batch size, lanes per tenant.
 */
public final class KafkaDrainBenchmark {

  private KafkaDrainBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int target = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int lanes = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String tenant = "bench";
    XapiMapper mapper =
        new XapiMapper(
            MappingOptions.defaults(URI.create("https://learnpulse.io/xapi/activities")));
    TenantProfile profile = TenantProfile.plain(tenant, EmitterApp.homePage(tenant));
    List<SpecificRecord> events = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    List<UUID> registrations = new ArrayList<>();
    for (int i = 0; statements.size() < target; i++) {
      SampleEvents sample = new SampleEvents(tenant, "learner-" + i, UUID.randomUUID());
      for (SpecificRecord e : sample.everyKind()) {
        if (e instanceof TopicStatus s && !s.getPassed()) {
          continue;
        }
        events.add(e);
        for (Statement s : mapper.map(e, profile, LearnerFacts.NONE)) {
          statements.add(s);
          registrations.add(sample.registration());
        }
      }
    }

    double lrsOnly;
    try (LocalLrs lrs = LocalLrs.start()) {
      lrsOnly = LrsDrainBenchmark.drain(lrs, statements, registrations, batch, lanes);
    }

    try (EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start();
        KafkaFixture kafka = new KafkaFixture(infrastructure.infrastructure());
        LocalLrs lrs = LocalLrs.start()) {
      long produceStart = System.nanoTime();
      kafka.produce(events);
      double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
      String group = "xapi-bench-" + UUID.randomUUID();
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(config, tenant, lrs.baseUrl());
      config.put("learnpulse.xapi.consumer.auto-startup", "false");
      config.put("learnpulse.xapi.consumer.poll-timeout", "100ms");
      config.put("learnpulse.xapi.batch.size", Integer.toString(batch));
      config.put("learnpulse.xapi.batch.linger", "50ms");
      config.put("learnpulse.xapi.batch.lanes-per-tenant", Integer.toString(lanes));
      config.put("learnpulse.xapi.retry.budget", "1m");
      config.put("learnpulse.xapi.retry.request-timeout", "60s");
      config.put("logging.level.root", "WARN");
      try (EmitterApp app = EmitterApp.start(config)) {
        var end = kafka.endOffsets();
        long start = System.nanoTime();
        app.startConsuming();
        long deadline = start + 30L * 60 * 1_000_000_000;
        while (!kafka.committed(group).equals(end)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("not drained in 30 minutes");
          }
          LockSupport.parkNanos(50_000_000L); // 50 ms between two Admin look-ups
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int held = lrs.statementIds().size();
        System.out.printf(
            "events=%d statements=%d batch=%d lanes=%d produce-seconds=%.2f%n"
                + "kafka-to-lrs: seconds=%.2f drain=%.0f statements/s (%.0f events/s)"
                + " held-by-lrs=%d%n"
                + "lrs-only:     drain=%.0f statements/s; kafka path at %.0f%% of it%n",
            events.size(),
            statements.size(),
            batch,
            lanes,
            produceSeconds,
            seconds,
            statements.size() / seconds,
            events.size() / seconds,
            held,
            lrsOnly,
            100 * (statements.size() / seconds) / lrsOnly);
      }
    }
  }
}
