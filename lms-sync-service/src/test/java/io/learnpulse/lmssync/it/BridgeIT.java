package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.schemas.topics.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Commit delivery to the bridge on real PostgreSQL and Kafka: heartbeats are produced to the
 * heartbeat topic with the real serde (as ingest-service does), lms-sync consumes them and writes
 * commit rows, and the tests read the server-sent event stream as the bridge does.
 */
class BridgeIT extends LmsSyncITSupport {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SIGNING_KEY =
      Path.of(System.getProperty("java.io.tmpdir"), "bridge-it-signing-key.json");

  private final HttpClient http = HttpClient.newHttpClient();

  /** Replicas share the token key, as in production. */
  @DynamicPropertySource
  static void sharedSigningKey(DynamicPropertyRegistry registry) {
    registry.add("learnpulse.lms-sync.signing-key-file", SIGNING_KEY::toString);
    registry.add("learnpulse.lms-sync.bridge.poll-interval", () -> "1s");
  }

  @Test
  void streamsTheSessionsCommitsInSequenceWithTheirNumbersAsEventIds() throws Exception {
    Launched launched = launched("SCORM_12");
    heartbeats(launched, 3);
    awaitCommits(launched, 4);

    try (SseClient stream = stream(port, launched, null)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.next("ready", WAIT)).isNotNull();
      List<SseClient.Event> commits = stream.next("commit", 4, WAIT);

      assertThat(commits).extracting(SseClient.Event::id).containsExactly("1", "2", "3", "4");
      JsonNode launch = json.readTree(commits.get(0).data());
      assertThat(launch.path("elements").path("cmi.core.session_time").asText())
          .as("the launch commit")
          .isEqualTo("00:00:00");
      JsonNode last = json.readTree(commits.get(3).data());
      assertThat(last.path("sequence").asLong()).isEqualTo(4);
      assertThat(last.path("sessionId").asText()).isEqualTo(launched.session().toString());
      JsonNode elements = last.path("elements");
      assertThat(elements.path("cmi.core.session_time").asText()).isEqualTo("00:01:30");
      assertThat(elements.path("cmi.core.lesson_location").asText()).isEqualTo("t/a/2");
      assertThat(elements.path("cmi.suspend_data").asText()).isEqualTo("1|t|a|2|0-1|");
      assertThat(elements.path("cmi.core.exit").asText()).isEqualTo("suspend");
      assertThat(elements.path("cmi.core.lesson_status").asText()).isEqualTo("incomplete");
    }
  }

  @Test
  void resumesFromLastEventIdAndRedeliversWhatWasNotAcknowledged() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    heartbeats(launched, 3);
    awaitCommits(launched, 4);

    try (SseClient first = stream(port, launched, null)) {
      assertThat(first.next("commit", 4, WAIT)).hasSize(4);
      assertThat(ack(port, launched, 1, okAck()).status()).isEqualTo(200);
      assertThat(ack(port, launched, 2, okAck()).status()).isEqualTo(200);
      assertThat(ack(port, launched, 4, okAck()).status()).isEqualTo(200);
    } // dropped with commit 3 delivered but never acknowledged

    try (SseClient again = stream(port, launched, "4")) {
      assertThat(again.next("commit", 1, WAIT))
          .as("commit 3 is redelivered although Last-Event-ID is 4")
          .extracting(SseClient.Event::id)
          .containsExactly("3");
      assertThat(again.next("commit", Duration.ofSeconds(2))).isNull();
    }
    try (SseClient onlyNewer = stream(port, launched, "2")) {
      assertThat(onlyNewer.next("commit", 2, WAIT))
          .extracting(SseClient.Event::id)
          .containsExactly("3", "4");
    }
    assertThat(
            jdbc.sql("select delivery_count from commits where session_id = :s and sequence = 3")
                .param("s", launched.session())
                .query(Integer.class)
                .single())
        .isEqualTo(3);
  }

  @Test
  void deliversANewCommitToAnOpenStreamAsSoonAsItIsWritten() throws Exception {
    Launched launched = launched("SCORM_2004_3RD");
    try (SseClient stream = stream(port, launched, null)) {
      assertThat(stream.next("ready", WAIT)).isNotNull();
      SseClient.Event launch = stream.next("commit", WAIT);
      assertThat(launch.id()).as("the launch commit").isEqualTo("1");
      heartbeats(launched, 1);

      SseClient.Event commit = stream.next("commit", WAIT);
      assertThat(commit).isNotNull();
      assertThat(commit.id()).isEqualTo("2");
      assertThat(json.readTree(commit.data()).path("elements").path("cmi.session_time").asText())
          .isEqualTo("PT30S");
    }
  }

  @Test
  void aSecondReplicaOnTheSameDatabaseServesTheSameBridge() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    // The second replica does not consume Kafka: every commit it streams was written by the first.
    try (ConfigurableApplicationContext replica = secondReplica()) {
      int replicaPort = ((WebServerApplicationContext) replica).getWebServer().getPort();
      try (SseClient stream = stream(replicaPort, launched, null)) {
        assertThat(stream.next("ready", WAIT)).isNotNull();
        heartbeats(launched, 2);
        assertThat(stream.next("commit", 3, WAIT))
            .extracting(SseClient.Event::id)
            .containsExactly("1", "2", "3");
        assertThat(ack(replicaPort, launched, 1, okAck()).status()).isEqualTo(200);
        assertThat(ack(replicaPort, launched, 2, okAck()).status()).isEqualTo(200);
      }
      try (SseClient onFirst = stream(port, launched, "3")) {
        assertThat(onFirst.next("commit", 1, WAIT))
            .as("the first replica redelivers what the second one's bridge did not acknowledge")
            .extracting(SseClient.Event::id)
            .containsExactly("3");
      }
    }
  }

  @Test
  void acknowledgementsRecordTheLmsAnswerOnceAndShowInTheHistoryAndTheMetric() throws Exception {
    Launched launched = launched("SCORM_12");
    heartbeats(launched, 2);
    awaitCommits(launched, 3);
    double errorsBefore = ackMetric("lms_error");

    Answer ok =
        ack(
            port,
            launched,
            2,
            Map.of(
                "ok",
                true,
                "readBack",
                Map.of("cmi.core.lesson_status", "incomplete", "cmi.suspend_data", "1|t|a|0||")));
    Answer failed =
        ack(
            port,
            launched,
            3,
            Map.of(
                "ok",
                false,
                "lmsErrorCode",
                "405",
                "lmsErrorString",
                "Incorrect Data Type",
                "element",
                "cmi.core.session_time"));
    Answer again = ack(port, launched, 3, okAck());
    Answer unknown = ack(port, launched, 99, okAck());

    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    assertThat(ok.body().path("outcome").asText()).isEqualTo("ok");
    assertThat(failed.body().path("outcome").asText()).isEqualTo("lms_error");
    assertThat(again.body().path("duplicate").asBoolean()).isTrue();
    assertThat(again.body().path("outcome").asText()).isEqualTo("ok");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(ackMetric("lms_error")).isEqualTo(errorsBefore + 1);

    Answer history =
        call(
            "GET",
            "/v1/admin/tenants/"
                + launched.tenant()
                + "/registrations/"
                + launched.registration()
                + "/commits",
            ADMIN_TOKEN,
            null);
    assertThat(history.status()).as(history.raw()).isEqualTo(200);
    JsonNode commits = history.body().path("commits");
    assertThat(commits).hasSize(3);
    JsonNode second = commits.get(0);
    assertThat(second.path("sequence").asLong()).isEqualTo(3);
    assertThat(second.path("outcome").asText()).isEqualTo("lms_error");
    assertThat(second.path("lmsErrorCode").asText()).isEqualTo("405");
    assertThat(second.path("lmsErrorElement").asText()).isEqualTo("cmi.core.session_time");
    assertThat(commits.get(1).path("readBack").path("cmi.suspend_data").asText())
        .isEqualTo("1|t|a|0||");

    Answer otherTenant =
        call(
            "GET",
            "/v1/admin/tenants/someone-else/registrations/" + launched.registration() + "/commits",
            ADMIN_TOKEN,
            null);
    Answer noAdmin =
        call(
            "GET",
            "/v1/admin/tenants/"
                + launched.tenant()
                + "/registrations/"
                + launched.registration()
                + "/commits",
            null,
            null);
    assertThat(otherTenant.status()).isEqualTo(404);
    assertThat(noAdmin.status()).isEqualTo(401);

    Answer outcomes =
        call(
            "GET",
            "/v1/admin/tenants/" + launched.tenant() + "/commits/outcomes",
            ADMIN_TOKEN,
            null);
    assertThat(outcomes.status()).as(outcomes.raw()).isEqualTo(200);
    assertThat(outcomes.body().path("outcomes").path("ok").asLong()).isEqualTo(1);
    assertThat(outcomes.body().path("outcomes").path("lms_error").asLong()).isEqualTo(1);
    assertThat(outcomes.body().path("lmsErrors").get(0).path("code").asText()).isEqualTo("405");
    assertThat(outcomes.body().path("lmsErrors").get(0).path("element").asText())
        .isEqualTo("cmi.core.session_time");
    Answer othersOutcomes =
        call("GET", "/v1/admin/tenants/someone-else/commits/outcomes", ADMIN_TOKEN, null);
    assertThat(othersOutcomes.status()).as("another tenant's figures").isIn(403, 404);
    Answer badWindow =
        call(
            "GET",
            "/v1/admin/tenants/" + launched.tenant() + "/commits/outcomes?hours=0",
            ADMIN_TOKEN,
            null);
    assertThat(badWindow.status()).isEqualTo(400);
    assertThat(badWindow.raw()).contains("hours");
  }

  @Test
  void theStreamTakesOnlyThisSessionsBridgeTokenInTheHeaderOrTheQuery() throws Exception {
    Launched mine = launched("SCORM_12");
    Launched other = launched("SCORM_12");
    String url = "http://127.0.0.1:" + port + "/v1/sessions/" + mine.session() + "/commits";

    try (SseClient none = SseClient.open(http, url, Map.of());
        SseClient sessionToken =
            SseClient.open(http, url, Map.of("Authorization", "Bearer " + mine.sessionToken()));
        SseClient othersToken =
            SseClient.open(http, url, Map.of("Authorization", "Bearer " + other.bridgeToken()));
        SseClient query = SseClient.open(http, url + "?token=" + mine.bridgeToken(), Map.of())) {
      assertThat(none.status()).isEqualTo(401);
      assertThat(sessionToken.status()).as("a session token is not a bridge token").isEqualTo(401);
      assertThat(othersToken.status()).isEqualTo(403);
      assertThat(query.status()).isEqualTo(200);
      assertThat(query.next("ready", WAIT)).isNotNull();
    }
    assertThat(ack(port, other, 99, okAck()).status()).isEqualTo(404);
    Answer crossSession =
        call(
            "POST",
            "/v1/sessions/" + mine.session() + "/commits/1/ack",
            other.bridgeToken(),
            okAck());
    assertThat(crossSession.status()).isEqualTo(403);
  }

  @Test
  void launchAnswersTheIngestUrlAndTheBridgeEndpointsAllowCrossOriginCalls() throws Exception {
    Launched launched = launched("SCORM_12");
    assertThat(launched.ingestUrl()).isEqualTo("http://127.0.0.1:8080");

    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/v1/sessions/"
                            + launched.session()
                            + "/commits"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://lms.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,last-event-id")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://lms.example");
  }

  @Test
  void packageDownloadIsAZipWithTheManifestForTheVersion() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("pkg");
    tenantWithAssignment(tenant, assignment);
    String path =
        "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/topics/t/package";

    HttpResponse<byte[]> zip = download(path + "?scormVersion=SCORM_2004_3RD", ADMIN_TOKEN);
    HttpResponse<byte[]> anonymous = download(path + "?scormVersion=SCORM_12", null);
    HttpResponse<byte[]> unknownTopic =
        download(
            path.replace("/topics/t/", "/topics/nope/") + "?scormVersion=SCORM_12", ADMIN_TOKEN);

    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
    Map<String, String> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries).containsOnlyKeys("imsmanifest.xml", "index.html", "bridge.js");
    assertThat(entries.get("imsmanifest.xml")).contains("2004 3rd Edition");
    assertThat(entries.get("index.html")).contains("\"scormVersion\":\"SCORM_2004_3RD\"");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(unknownTopic.statusCode()).isEqualTo(404);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * {@code count} heartbeats of 30 s, the i-th at step i of challenge a with hints 0..i-1, each
   * sent once the one before it was committed: heartbeats of one session that reach a poll together
   * are one commit (ADR 29), and the listener's fetch waits up to 250 ms for more (ADR 41), where a
   * learner's heartbeats come 30 s apart.
   */
  private void heartbeats(Launched launched, int count) throws Exception {
    long before = commitCount(launched);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      for (int i = 0; i < count; i++) {
        Instant at = t0.plusSeconds(30L * (i + 1));
        List<Integer> hints = java.util.stream.IntStream.range(0, i).boxed().toList();
        Heartbeat heartbeat =
            Heartbeat.newBuilder()
                .setMetadata(
                    EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setOccurredAt(at)
                        .setReceivedAt(at)
                        .setTenantId(launched.tenant())
                        .setLearnerId("learner-7")
                        .setRegistrationId(launched.registration())
                        .setSessionId(launched.session())
                        .setSequence(i)
                        .setProducer("ingest-service")
                        .build())
                .setAssignmentId(launched.assignment())
                .setActiveMillis(30_000)
                .setBookmark(
                    Bookmark.newBuilder()
                        .setTopicId("t")
                        .setChallengeId("a")
                        .setStep(i)
                        .setRevealedHints(hints)
                        .build())
                .build();
        send(producer, Topics.HEARTBEAT.name(), launched.registration().toString(), heartbeat);
        awaitCommits(launched, before + i + 1);
      }
    }
  }

  private void awaitCommits(Launched launched, long count) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql("select count(*) from commits where session_id = :s")
                            .param("s", launched.session())
                            .query(Long.class)
                            .single())
                    .isEqualTo(count));
  }

  private SseClient stream(int onPort, Launched launched, String lastEventId) throws Exception {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + launched.bridgeToken());
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return SseClient.open(
        http,
        "http://127.0.0.1:" + onPort + "/v1/sessions/" + launched.session() + "/commits",
        headers);
  }

  private Answer ack(int onPort, Launched launched, long sequence, Map<String, Object> body)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + onPort
                            + "/v1/sessions/"
                            + launched.session()
                            + "/commits/"
                            + sequence
                            + "/ack"))
                .header("Authorization", "Bearer " + launched.bridgeToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String raw = response.body();
    return new Answer(response.statusCode(), "", raw.isBlank() ? null : json.readTree(raw), raw);
  }

  private static Map<String, Object> okAck() {
    return Map.of("ok", true);
  }

  private HttpResponse<byte[]> download(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private double ackMetric(String outcome) throws Exception {
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return metrics
        .body()
        .lines()
        .filter(
            l ->
                l.startsWith("learnpulse_lms_sync_commit_acks_total{")
                    && l.contains("outcome=\"" + outcome + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }

  private static ConfigurableApplicationContext secondReplica() {
    return replica(SIGNING_KEY);
  }
}
