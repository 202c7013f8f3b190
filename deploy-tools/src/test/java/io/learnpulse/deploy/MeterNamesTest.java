package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every custom meter a service registers is named {@code learnpulse.<service>.<what>} with the
 * service's own segment (ingest, scoring, lms-sync, xapi). ManifestsConfigurationIT checks the same
 * on what each service's {@code /actuator/prometheus} actually shows.
 */
class MeterNamesTest {

  @Test
  void everyCustomMeterIsNamedLearnpulseServiceWhat() {
    Map<String, Set<String>> inventory = MeterInventory.of(REPO);

    inventory.forEach(
        (module, meters) -> {
          assertThat(meters).as("%s registers meters", module).isNotEmpty();
          assertThat(meters)
              .as("%s's meters follow %s", module, MeterInventory.convention(module))
              .allMatch(m -> MeterInventory.convention(module).matcher(m).matches());
        });
  }

  @Test
  void theInventoryFindsLiteralsConstantsAndHelpersAndTheConventionRefusesOthers() {
    String source =
        """
        static final String SENT = "learnpulse.xapi.statements.sent";
        Counter.builder(SENT).register(registry);
        Timer.builder("xapi.lrs.latency").register(registry);
        meterRegistry.counter("learnpulse.lmssync.commit.acks", "outcome", "ok");
        counter("learnpulse.xapi.records.dead-lettered", tenant);
        Counter.builder(name).register(registry);
        """;

    Set<String> meters = MeterInventory.meters(source);

    assertThat(meters)
        .containsExactlyInAnyOrder(
            "learnpulse.xapi.statements.sent",
            "xapi.lrs.latency",
            "learnpulse.lmssync.commit.acks",
            "learnpulse.xapi.records.dead-lettered");
    assertThat(
            meters.stream()
                .filter(m -> MeterInventory.convention("xapi-emitter").matcher(m).matches()))
        .containsExactlyInAnyOrder(
            "learnpulse.xapi.statements.sent", "learnpulse.xapi.records.dead-lettered");
    assertThat(
            MeterInventory.convention("lms-sync-service")
                .matcher("learnpulse.lmssync.commit.acks")
                .matches())
        .isFalse();
  }
}
