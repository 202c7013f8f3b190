package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.infra.oidc.DevUser;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin console (module {@code console}, served by this service at {@code /console/}) in
 * headless Chromium, driven by {@code console/src/test/browser/console-browser-test.mjs} with
 * playwright-core and checked with axe-core: sign-in through the development issuer's Authorization
 * Code + PKCE flow, an assignment created and listed, Active Sessions, a registration's commit
 * timeline and its xAPI delivery (statements read back from a real LRS, {@link LocalLrs}), LRS
 * settings and Health, tenant isolation and the analyst's read-only console. Everything is real:
 * lms-sync on embedded PostgreSQL and Kafka, the issuer, the browser. Screenshots of every screen
 * go to {@code target/console-screenshots/}.
 *
 * <p>The Node script asserts what the browser shows; this test sets the data up, runs it and checks
 * afterwards, through the API, that what the browser saved is really stored.
 */
class ConsoleBrowserIT extends LmsSyncITSupport {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The real LRS tenant A's registration's statements are read back from (ADR 0031). */
  private static final LocalLrs LRS = startLrs();

  private static final int XAPI_STATEMENTS = 3;

  @DynamicPropertySource
  static void lrsAllowed(DynamicPropertyRegistry registry) {
    registry.add(
        "learnpulse.lms-sync.lrs-allowed-hosts", () -> "127.0.0.1:" + LRS.baseUrl().getPort());
  }

  @AfterAll
  static void stopLrs() throws InterruptedException {
    LRS.close();
  }

  private static final Path CONSOLE_DIR =
      Path.of(System.getProperty("console.dir", "../console")).toAbsolutePath().normalize();

  @Test
  void anAdminAndAnAnalystUseTheConsoleOfTheirOwnTenantOnly() throws Exception {
    String tenantA = unique("north");
    String tenantB = unique("south");
    String assignment = unique("onboarding");
    tenantWithAssignment(tenantA, assignment);
    tenantWithAssignment(tenantB, assignment + "-b");
    UUID registrationA = launchAndScore(tenantA, assignment, "SCORM_2004_4TH", "alice-north");
    UUID registrationB = launchAndScore(tenantB, assignment + "-b", "SCORM_12", "bob-south");
    useLrs(tenantA, LRS.baseUrl(), "lrs-password-north");
    LRS.store(xapiStatements(registrationA, XAPI_STATEMENTS));

    URI redirect = URI.create("http://127.0.0.1:" + port + "/console/");
    ISSUER
        .registerClient("learnpulse-console", redirect)
        .addUser(new DevUser(tenantA + "-admin", "Nora North (admin)", tenantA, List.of("admin")))
        .addUser(
            new DevUser(tenantA + "-analyst", "Ana North (analyst)", tenantA, List.of("analyst")))
        .addUser(new DevUser(tenantB + "-admin", "Sam South (admin)", tenantB, List.of("admin")));
    String created = unique("browser-made");

    Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
    Files.createDirectories(screenshots);
    Map<String, Object> scenario =
        new java.util.HashMap<>(
            Map.of(
                "base",
                "http://127.0.0.1:" + port,
                "tenantA",
                tenantA,
                "tenantB",
                tenantB,
                "registrationA",
                registrationA.toString(),
                "registrationB",
                registrationB.toString(),
                "learnerA",
                "Learner alice-north",
                "learnerB",
                "Learner bob-south",
                "newAssignment",
                created,
                "screenshots",
                screenshots.toString()));
    scenario.put("assignmentA", assignment);
    scenario.put("xapiStatements", XAPI_STATEMENTS);
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "console-browser.log");
    Files.createDirectories(log.getParent());
    Process node =
        new ProcessBuilder(
                "node",
                "src/test/browser/console-browser-test.mjs",
                JSON.writeValueAsString(scenario))
            .directory(CONSOLE_DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    node.getOutputStream().close();
    boolean exited = node.waitFor(5, TimeUnit.MINUTES);
    if (!exited) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(exited).as(output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("PASSED");

    // What the admin saved in the browser is stored: its topic gets a launch descriptor.
    Answer descriptor =
        call(
            "POST",
            "/v1/admin/tenants/"
                + tenantA
                + "/assignments/"
                + created
                + "/topics/secure-coding-101/descriptor",
            ADMIN_TOKEN,
            Map.of("scormVersion", "SCORM_12"));
    assertThat(descriptor.status()).as(descriptor.raw()).isEqualTo(200);
    // The analyst's attempt (made by the script through the API with the analyst's token) changed
    // nothing: the assignment the analyst tried to create does not exist.
    Answer analystMade =
        call(
            "POST",
            "/v1/admin/tenants/"
                + tenantA
                + "/assignments/"
                + created
                + "-analyst/topics/t/descriptor",
            ADMIN_TOKEN,
            Map.of("scormVersion", "SCORM_12"));
    assertThat(analystMade.status()).isEqualTo(404);
    assertThat(screenshots.resolve("active-sessions.png")).isRegularFile();
  }

  private static LocalLrs startLrs() {
    try {
      return LocalLrs.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Launches a learner and produces scoring's topic status, so the registration has commits. */
  private UUID launchAndScore(String tenant, String assignment, String version, String learner)
      throws Exception {
    Answer launch = launch(descriptor(tenant, assignment, version), learner);
    assertThat(launch.status()).as(launch.raw()).isEqualTo(201);
    Launched launched =
        new Launched(
            tenant,
            assignment,
            UUID.fromString(launch.body().path("registrationId").asText()),
            UUID.fromString(launch.body().path("sessionId").asText()),
            launch.body().path("sessionToken").asText(),
            launch.body().path("bridgeToken").asText(),
            launch.body().path("ingestUrl").asText());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(launched.registration(), "t"),
          workedExampleStatus(launched, now));
      send(producer, Topics.HEARTBEAT.name(), launched.key(), heartbeat(launched, now, 45_000));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                jdbc.sql("select count(*) from commits where session_id = :s")
                        .param("s", launched.session())
                        .query(Long.class)
                        .single()
                    > 1); // beyond the launch commit
    return launched.registration();
  }
}
