package io.learnpulse.xapi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.xapi.delivery.TenantState;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.testing.EmitterApp;
import io.learnpulse.xapi.testing.FaultProxy;
import io.learnpulse.xapi.testing.FaultProxy.Fault;
import io.learnpulse.xapi.testing.KafkaFixture;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole service on the embedded broker: a tenant paused on 401 with a backlog over its budget
 * does not hold the shared partitions — its records are parked in the dead-letter topic, the other
 * tenant's statements all arrive, and the consumer group's committed offsets reach the end of every
 * partition. (Before the budget, the paused tenant's records held the commit until restart.)
 */
@LearnPulseInfrastructure
class TenantParkingIT {

  private static final XapiMapper MAPPER =
      new XapiMapper(MappingOptions.defaults(URI.create("https://learnpulse.io/xapi/activities")));
  private static final Duration DELIVERY = Duration.ofSeconds(90);

  private static KafkaFixture kafka;

  @BeforeAll
  static void topicsAndSchemas(Infrastructure infrastructure) throws Exception {
    kafka = new KafkaFixture(infrastructure);
  }

  @AfterAll
  static void close() {
    kafka.close();
  }

  private static List<SpecificRecord> events(String tenant, int learners) {
    List<SpecificRecord> events = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      SampleEvents sample = new SampleEvents(tenant, "learner-" + i, UUID.randomUUID());
      for (SpecificRecord e : sample.everyKind()) {
        if (!(e instanceof TopicStatus s) || s.getPassed()) {
          events.add(e);
        }
      }
    }
    return events;
  }

  private static Set<String> statementIds(String tenant, List<SpecificRecord> events) {
    TenantProfile profile = TenantProfile.plain(tenant, EmitterApp.homePage(tenant));
    Set<String> ids = new LinkedHashSet<>();
    for (SpecificRecord e : events) {
      for (Statement s : MAPPER.map(e, profile, LearnerFacts.NONE)) {
        ids.add(s.id().toString());
      }
    }
    return ids;
  }

  @Test
  void aPausedTenantsBacklogIsParkedAndTheSharedOffsetsMoveOn() throws Exception {
    String locked = "locked-" + UUID.randomUUID().toString().substring(0, 8);
    String healthy = "healthy-" + UUID.randomUUID().toString().substring(0, 8);
    String group = "xapi-parking-" + UUID.randomUUID().toString().substring(0, 8);
    try (LocalLrs lockedLrs = LocalLrs.start();
        FaultProxy wrongCredentials = new FaultProxy(lockedLrs);
        LocalLrs healthyLrs = LocalLrs.start()) {
      wrongCredentials.inject(new Fault(401, Map.of(), "{\"message\":\"Unauthorised\"}"), 100_000);
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      config.put("learnpulse.xapi.retry.auth-retry-interval", "10m");
      config.put("learnpulse.xapi.budget.backlog", "5");
      config.put("learnpulse.xapi.budget.park-after", "2s");
      EmitterApp.tenant(config, locked, wrongCredentials.baseUrl());
      EmitterApp.tenant(config, healthy, healthyLrs.baseUrl());
      List<SpecificRecord> ofLocked = events(locked, 10);
      List<SpecificRecord> ofHealthy = events(healthy, 6);

      try (EmitterApp app = EmitterApp.start(config)) {
        kafka.produce(ofLocked);
        kafka.produce(ofHealthy);

        Set<String> expected = statementIds(healthy, ofHealthy);
        try {
          await().atMost(DELIVERY).until(() -> healthyLrs.statementIds().size() >= expected.size());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // the failure report carries what the delivery threads were doing
          StringBuilder dump =
              new StringBuilder("healthy tenant got ")
                  .append(healthyLrs.statementIds().size())
                  .append('/')
                  .append(expected.size())
                  .append("; health ")
                  .append(app.get("/actuator/health"));
          Thread.getAllStackTraces()
              .forEach(
                  (t, st) -> {
                    if (t.getName().startsWith("xapi") || t.getName().contains("emitter-loop")) {
                      dump.append('\n').append(t.getName()).append(' ').append(t.getState());
                      for (StackTraceElement el : st) {
                        dump.append("\n    at ").append(el);
                      }
                    }
                  });
          throw new AssertionError(dump.toString(), e);
        }
        await()
            .atMost(DELIVERY)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> kafka.committed(group).equals(kafka.endOffsets()));

        assertThat(healthyLrs.statementIds())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(app.state(locked)).isEqualTo(TenantState.PAUSED);
        assertThat(lockedLrs.statementIds()).isEmpty();
        assertThat(
                app.metric(
                    "learnpulse_xapi_records_dead_lettered_total",
                    Map.of("tenant", locked, "stage", "tenant-parked")))
            .isPositive();
        assertThat(app.metric("learnpulse_xapi_statements_parked_total", Map.of("tenant", locked)))
            .isEqualTo(statementIds(locked, ofLocked).size());
      }
    }
  }
}
