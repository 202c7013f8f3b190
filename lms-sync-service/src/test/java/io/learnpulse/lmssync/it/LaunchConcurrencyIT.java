package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.Infrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Launches through one package do not wait for each other (ADR 0034): the test holds the package's
 * descriptor row locked from its own PostgreSQL connection, in an open transaction, as a long
 * launch transaction used to (issue 13: every launch of a cohort serialized on that row).
 */
class LaunchConcurrencyIT extends LmsSyncITSupport {

  private static final Duration BOUND = Duration.ofSeconds(15);

  @Test
  void aResumeLaunchCompletesWhileTheDescriptorRowIsLocked() throws Exception {
    Descriptor descriptor = capped(10);
    assertThat(launch(descriptor.token(), "learner-1").status()).isEqualTo(201);

    try (Connection lock = lockRow(descriptor.id())) {
      CompletableFuture<Answer> resumed = launchAsync(descriptor.token(), "learner-1");

      await()
          .atMost(BOUND)
          .untilAsserted(() -> assertThat(resumed).as("resumed while the row is locked").isDone());
      assertThat(resumed.join().status()).as(resumed.join().raw()).isEqualTo(201);
      lock.rollback();
    }
  }

  @Test
  void aNewLearnersLaunchWaitsOnlyForTheFinalCountThenCommits() throws Exception {
    Descriptor descriptor = capped(10);
    assertThat(launch(descriptor.token(), "learner-1").status()).isEqualTo(201);

    CompletableFuture<Answer> newLearner;
    try (Connection lock = lockRow(descriptor.id())) {
      newLearner = launchAsync(descriptor.token(), "learner-2");

      // Everything else of the launch ran; it waits at its last statement, the cap's count.
      await().atMost(BOUND).until(() -> waitingStatement().orElse("").startsWith("update"));
      assertThat(waitingStatement().orElseThrow()).contains("registrations = registrations + 1");
      assertThat(newLearner).isNotDone();
      lock.rollback();
    }

    await().atMost(BOUND).untilAsserted(() -> assertThat(newLearner).isDone());
    assertThat(newLearner.join().status()).as(newLearner.join().raw()).isEqualTo(201);
    assertThat(countedRegistrations(descriptor.id())).isEqualTo(2);
  }

  @Test
  void aRevocationCommittedWhileANewLearnerWaitsRefusesThatLaunchAndCreatesNothing()
      throws Exception {
    Descriptor descriptor = capped(10);
    String tenant = descriptor.tenant();

    CompletableFuture<Answer> newLearner;
    try (Connection lock = lockRow(descriptor.id())) {
      newLearner = launchAsync(descriptor.token(), "learner-3");
      await().atMost(BOUND).until(() -> waitingStatement().orElse("").startsWith("update"));
      try (PreparedStatement revoke =
          lock.prepareStatement("update issued_descriptors set revoked_at = now() where id = ?")) {
        revoke.setObject(1, descriptor.id());
        revoke.executeUpdate();
      }
      lock.commit();
    }

    await().atMost(BOUND).untilAsserted(() -> assertThat(newLearner).isDone());
    assertThat(newLearner.join().status()).as(newLearner.join().raw()).isEqualTo(410);
    assertThat(newLearner.join().body().path("detail").asText()).contains("revoked");
    assertThat(registrationCount(tenant)).isZero();
    assertThat(countedRegistrations(descriptor.id())).isZero();
  }

  /** A package's descriptor: its token, its recorded id and its tenant. */
  private record Descriptor(String token, UUID id, String tenant) {}

  private Descriptor capped(int maxRegistrations) throws Exception {
    String tenant = unique("acme");
    String assignment = unique("cohort");
    tenantWithAssignment(tenant, assignment);
    Answer issued =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/topics/t/descriptor",
            ADMIN_TOKEN,
            Map.of("scormVersion", "SCORM_12", "maxRegistrations", maxRegistrations));
    assertThat(issued.status()).as(issued.raw()).isEqualTo(200);
    UUID id =
        jdbc.sql("select id from issued_descriptors where tenant_id = :t")
            .param("t", tenant)
            .query(UUID.class)
            .single();
    return new Descriptor(issued.body().path("descriptor").asText(), id, tenant);
  }

  /** The test's own connection, holding the descriptor's row locked in an open transaction. */
  private static Connection lockRow(UUID descriptorId) throws Exception {
    Infrastructure infra = Infrastructure.shared();
    Connection connection =
        DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
    connection.setAutoCommit(false);
    try (PreparedStatement lock =
        connection.prepareStatement("select id from issued_descriptors where id = ? for update")) {
      lock.setObject(1, descriptorId);
      lock.executeQuery().close();
    }
    return connection;
  }

  private CompletableFuture<Answer> launchAsync(String descriptor, String learner) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return launch(descriptor, learner);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The statement of a backend that waits for a lock on the descriptors' table, if any. */
  private Optional<String> waitingStatement() {
    return jdbc
        .sql(
            """
            select query from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'
              and query like '%issued_descriptors%'
            """)
        .query(String.class)
        .list()
        .stream()
        .map(String::trim)
        .findFirst();
  }

  private int countedRegistrations(UUID descriptorId) {
    return jdbc.sql("select registrations from issued_descriptors where id = :id")
        .param("id", descriptorId)
        .query(Integer.class)
        .single();
  }
}
