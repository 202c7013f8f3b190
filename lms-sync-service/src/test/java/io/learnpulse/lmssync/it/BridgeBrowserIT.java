package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated package and {@code bridge.js} in headless Chromium (Debian's {@code chromium},
 * driven by {@code playwright-core} from {@code src/test/node/bridge-browser-test.mjs}) inside a
 * demo LMS whose SCORM runtime is scorm-again: what is asserted is what the LMS received (the
 * commit POSTs and the terminate beacon scorm-again sends to this test's server).
 *
 * <p>This test is about the LMS side, so ingest-service and scoring-service are not run: the
 * player's heartbeats and scoring's topic status are produced directly to Kafka with the real serde
 * (as {@link ScormSyncIT} does), when the Node script asks this test's {@code /control/*}
 * endpoints. lms-sync-service itself runs for real (real PostgreSQL and Kafka); its public URL is
 * fixed before start because the package embeds it. The ingest URL of the launch answer points at
 * this test's server, which records the bridge's end-of-session beacon ({@code /end}).
 */
class BridgeBrowserIT extends LmsSyncITSupport {

  private static final Path NODE_DIR =
      Path.of(System.getProperty("bridge.node.dir", "src/test/node")).toAbsolutePath();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int LMS_SYNC_PORT = freePort();
  private static final TestLms LMS = new TestLms();

  @DynamicPropertySource
  static void browserFacingUrls(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> LMS_SYNC_PORT);
    registry.add(
        "learnpulse.lms-sync.bridge.public-url", () -> "http://127.0.0.1:" + LMS_SYNC_PORT);
    registry.add("learnpulse.lms-sync.bridge.ingest-url", () -> LMS.url() + "/ingest");
  }

  @AfterAll
  static void stopTheLms() {
    LMS.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SCORM_12",
        "SCORM_2004_3RD",
        "SCORM_2004_4TH",
        "SCORM_12 sync-xhr",
        "SCORM_2004_4TH sync-xhr"
      })
  void theLmsReceivesEachCheckpointResumesAndKeepsASuspendedAttemptOnClose(String run)
      throws Exception {
    // the version, then optionally the LMS runtime: scorm-again, or "sync-xhr" (lms.html)
    String version = run.split(" ")[0];
    String runtime = run.contains(" ") ? run.split(" ")[1] : "scorm-again";
    assertThat(port).isEqualTo(LMS_SYNC_PORT);
    String tenant = unique("browser");
    String assignment = unique("bridge");
    tenantWithAssignment(tenant, assignment);
    // The tenant's player is this test's stand-in page.
    Answer player =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant,
            ADMIN_TOKEN,
            Map.of(
                "name",
                "Tenant " + tenant,
                "playerOrigins",
                List.of(LMS.url()),
                "playerUrl",
                LMS.url() + "/player"));
    assertThat(player.status()).as(player.raw()).isEqualTo(200);
    LMS.packages.put(version, downloadPackage(tenant, assignment, version));
    LMS.control = this::control;

    Path log =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "bridge-browser-" + version + "-" + runtime + ".log");
    Path reports = Path.of("target", "browser-reports").toAbsolutePath();
    Path latency = reports.resolve("checkpoint-latency-" + version + "-" + runtime + ".json");
    Files.deleteIfExists(latency);
    ProcessBuilder builder =
        new ProcessBuilder("node", "bridge-browser-test.mjs", LMS.url(), version, runtime)
            .directory(NODE_DIR.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("LATENCY_DIR", reports.toString());
    Process node = builder.start();
    node.getOutputStream().close();
    boolean exited = node.waitFor(5, TimeUnit.MINUTES);
    if (!exited) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(exited).as(output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("PASSED");
    // checkpoint → LMS commit latency, per checkpoint, for the benchmark notes
    JsonNode report = JSON.readTree(Files.readString(latency));
    assertThat(report.path("checkpoints").size()).isGreaterThanOrEqualTo(5);
    assertThat(report.path("checkpoints").findValuesAsString("kind")).contains("checkpoint");
    assertThat(report.path("maxMs").asLong()).isPositive();
  }

  // ------------------------------------------------------------------ control: Kafka stand-ins

  /** Answers the Node script's {@code /control/*} calls. */
  private Object control(String path, JsonNode body, Map<String, String> query) throws Exception {
    return switch (path) {
      case "/control/heartbeat" -> {
        Claims claims = Claims.of(body.path("sessionToken").asText());
        JsonNode b = body.path("bookmark");
        List<Integer> hints = new ArrayList<>();
        b.path("revealedHints").forEach(h -> hints.add(h.asInt()));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Heartbeat heartbeat =
            Heartbeat.newBuilder()
                .setMetadata(claims.metadata(at))
                .setAssignmentId(claims.assignment)
                .setActiveMillis(body.path("activeMillis").asLong())
                .setBookmark(
                    Bookmark.newBuilder()
                        .setTopicId(b.path("topicId").asText())
                        .setChallengeId(b.path("challengeId").asText())
                        .setStep(b.path("step").asInt())
                        .setRevealedHints(hints)
                        .build())
                .build();
        produce(Topics.HEARTBEAT.name(), claims.registration.toString(), heartbeat);
        yield Map.of("sent", true);
      }
      case "/control/checkpoint" -> {
        Claims claims = Claims.of(body.path("sessionToken").asText());
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String challenge = body.path("challengeId").asText();
        Object event =
            switch (body.path("kind").asText()) {
              case "open" ->
                  ChallengeOpened.newBuilder()
                      .setMetadata(claims.metadata(at))
                      .setAssignmentId(claims.assignment)
                      .setTopicId(claims.topic)
                      .setChallengeId(challenge)
                      .build();
              case "step" ->
                  StepReached.newBuilder()
                      .setMetadata(claims.metadata(at))
                      .setAssignmentId(claims.assignment)
                      .setTopicId(claims.topic)
                      .setChallengeId(challenge)
                      .setStep(body.path("step").asInt())
                      .build();
              case "hint" ->
                  HintRevealed.newBuilder()
                      .setMetadata(claims.metadata(at))
                      .setAssignmentId(claims.assignment)
                      .setTopicId(claims.topic)
                      .setChallengeId(challenge)
                      .setHintIndex(body.path("hintIndex").asInt())
                      .build();
              default -> throw new IllegalArgumentException("kind " + body.path("kind"));
            };
        try (KafkaProducer<String, Object> producer = avroProducer("TopicRecordNameStrategy")) {
          send(producer, Topics.ACTIVITY.name(), claims.registration.toString(), event);
        }
        yield Map.of("sent", true);
      }
      case "/control/status" -> {
        Claims claims = Claims.of(body.path("sessionToken").asText());
        boolean finished = body.path("finished").asBoolean();
        boolean passed = body.path("passed").asBoolean();
        double raw = body.path("rawScore").asDouble();
        TopicStatus status =
            TopicStatus.newBuilder()
                .setTenantId(claims.tenant)
                .setLearnerId(claims.learner)
                .setRegistrationId(claims.registration)
                .setAssignmentId(claims.assignment)
                .setTopicId(claims.topic)
                .setPolicyVersion(1)
                .setFinished(finished)
                .setPassed(passed)
                .setCompletionStatus(
                    finished ? CompletionStatus.COMPLETED : CompletionStatus.INCOMPLETE)
                .setSuccessStatus(
                    !finished
                        ? SuccessStatus.UNKNOWN
                        : passed ? SuccessStatus.PASSED : SuccessStatus.FAILED)
                .setLessonStatus(
                    !finished
                        ? LessonStatus.INCOMPLETE
                        : passed ? LessonStatus.PASSED : LessonStatus.COMPLETED)
                .setRawScore(raw)
                .setScaledScore(raw / 100)
                .setChallenges(List.of())
                .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
        produce(
            Topics.TOPIC_STATUS.name(),
            Topics.topicStatusKey(claims.registration, claims.topic),
            status);
        yield Map.of("sent", true);
      }
      case "/control/acks" -> {
        Claims claims = Claims.of(query.get("sessionToken"));
        long acked =
            jdbc.sql("select count(*) from commits where session_id = :s and acked_at is not null")
                .param("s", claims.session)
                .query(Long.class)
                .single();
        Map<String, Object> answer = new HashMap<>();
        answer.put("acked", acked);
        jdbc.sql(
                """
                select ack_outcome, lms_error_code, delivery_count from commits
                where session_id = :s and acked_at is not null order by sequence desc limit 1
                """)
            .param("s", claims.session)
            .query(
                (java.sql.ResultSet rs) -> {
                  answer.put("lastOutcome", rs.getString("ack_outcome"));
                  answer.put("lastErrorCode", rs.getString("lms_error_code"));
                  answer.put("lastDeliveries", rs.getInt("delivery_count"));
                });
        yield answer;
      }
      default -> null;
    };
  }

  private static void produce(String topic, String key, Object value) throws Exception {
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(producer, topic, key, value);
    }
  }

  /** What the test needs from a session token (read, not verified: lms-sync issued it). */
  private record Claims(
      String tenant,
      String learner,
      UUID registration,
      UUID session,
      String assignment,
      String topic) {

    static final AtomicLong SEQUENCE = new AtomicLong();

    static Claims of(String token) {
      JsonNode claims =
          JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
      return new Claims(
          claims.path("tid").asText(),
          claims.path("sub").asText(),
          UUID.fromString(claims.path("reg").asText()),
          UUID.fromString(claims.path("sid").asText()),
          claims.path("aid").asText(),
          claims.path("top").asText());
    }

    EventMetadata metadata(Instant at) {
      return EventMetadata.newBuilder()
          .setEventId(UUID.randomUUID())
          .setOccurredAt(at)
          .setReceivedAt(at)
          .setTenantId(tenant)
          .setLearnerId(learner)
          .setRegistrationId(registration)
          .setSessionId(session)
          .setSequence(SEQUENCE.incrementAndGet())
          .setProducer("ingest-service")
          .build();
    }
  }

  private Map<String, byte[]> downloadPackage(String tenant, String assignment, String version)
      throws Exception {
    HttpResponse<byte[]> zip =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/v1/admin/tenants/"
                                + tenant
                                + "/assignments/"
                                + assignment
                                + "/topics/t/package?scormVersion="
                                + version))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ the demo LMS

  /** Answers a control call; null when the path is unknown. */
  @FunctionalInterface
  interface Control {
    Object answer(String path, JsonNode body, Map<String, String> query) throws Exception;
  }

  /**
   * The demo LMS on 127.0.0.1: its page (scorm-again), the packages as the LMS would serve them
   * after import, the commits scorm-again posts, a stand-in player page, an ingest beacon sink and
   * the control endpoints.
   */
  private static final class TestLms implements AutoCloseable {

    final Map<String, Map<String, byte[]>> packages = new ConcurrentHashMap<>();
    final Map<String, List<Map<String, Object>>> commits = new ConcurrentHashMap<>();
    final List<Map<String, Object>> beacons = new CopyOnWriteArrayList<>();
    volatile Control control;
    private final HttpServer server;

    TestLms() {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.createContext("/", this::handle);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        if (path.equals("/lms/index.html")) {
          send(exchange, 200, "text/html", resource("/browser/lms.html"));
        } else if (path.equals("/player")) {
          send(exchange, 200, "text/html", resource("/browser/player.html"));
        } else if (path.startsWith("/node_modules/scorm-again/dist/")) {
          Path file = NODE_DIR.resolve(path.substring(1)).normalize();
          if (!file.startsWith(NODE_DIR.resolve("node_modules")) || !Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain", new byte[0]);
          } else {
            send(exchange, 200, "text/javascript", Files.readAllBytes(file));
          }
        } else if (path.startsWith("/package/")) {
          String[] parts = path.split("/", 4);
          byte[] file =
              parts.length == 4 ? packages.getOrDefault(parts[2], Map.of()).get(parts[3]) : null;
          if (file == null) {
            send(exchange, 404, "text/plain", new byte[0]);
          } else {
            send(exchange, 200, contentType(parts[3]), file);
          }
        } else if (path.equals("/lms/commit")) {
          String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
          commits
              .computeIfAbsent(key(query), k -> new CopyOnWriteArrayList<>())
              .add(
                  Map.of(
                      "contentType",
                      contentType == null ? "" : contentType,
                      "body",
                      JSON.readTree(body)));
          send(exchange, 200, "application/json", "{\"result\":true,\"errorCode\":0}".getBytes());
        } else if (path.equals("/lms/commits")) {
          json(exchange, commits.getOrDefault(key(query), List.of()));
        } else if (path.equals("/lms/previous")) {
          List<Map<String, Object>> received = commits.getOrDefault(key(query), List.of());
          if (received.isEmpty()) {
            send(exchange, 200, "application/json", new byte[0]);
          } else {
            JsonNode last = (JsonNode) received.get(received.size() - 1).get("body");
            json(exchange, last.has("cmi") ? last.get("cmi") : last);
          }
        } else if (path.startsWith("/ingest/v1/sessions/") && path.endsWith("/end")) {
          String sessionId = path.split("/")[4];
          beacons.add(Map.of("sessionId", sessionId, "body", JSON.readTree(body)));
          send(exchange, 202, "application/json", "{}".getBytes());
        } else if (path.equals("/ingest/beacons")) {
          json(exchange, beacons);
        } else if (path.startsWith("/control/")) {
          Object answer =
              control.answer(path, body.length == 0 ? null : JSON.readTree(body), query);
          if (answer == null) {
            send(exchange, 404, "text/plain", new byte[0]);
          } else {
            json(exchange, answer);
          }
        } else {
          send(exchange, 404, "text/plain", new byte[0]);
        }
      } catch (Exception e) {
        byte[] text = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, text.length);
        exchange.getResponseBody().write(text);
      }
    }

    private static String key(Map<String, String> query) {
      return query.get("run") + "/" + query.get("learner");
    }

    private static String contentType(String file) {
      if (file.endsWith(".html")) {
        return "text/html";
      }
      if (file.endsWith(".js")) {
        return "text/javascript";
      }
      return file.endsWith(".xml") ? "application/xml" : "application/octet-stream";
    }

    private static byte[] resource(String name) throws IOException {
      try (InputStream in = BridgeBrowserIT.class.getResourceAsStream(name)) {
        return in.readAllBytes();
      }
    }

    private static Map<String, String> query(String raw) {
      Map<String, String> query = new HashMap<>();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            query.put(
                URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      return query;
    }

    private static void json(HttpExchange exchange, Object value) throws IOException {
      send(exchange, 200, "application/json", JSON.writeValueAsBytes(value));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
        throws IOException {
      exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
