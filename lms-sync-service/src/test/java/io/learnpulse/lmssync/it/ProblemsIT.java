package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One problem+json model: every error is a {@code ProblemDetail} whose {@code type} comes from the
 * shared catalogue, every 400 names what is wrong, and bodies over the limit are refused with 413
 * before they are parsed (issue 10: a 50 MB launch body used to be parsed and answered 201).
 */
class ProblemsIT extends LmsSyncITSupport {

  private static final String PROBLEM = "urn:learnpulse:problem:";
  private static final long FIFTY_MB = 50L * 1024 * 1024;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aFiftyMegabyteBodyWithItsLengthDeclaredIsRefusedBeforeItIsRead() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("a"));

    Streamed answer = stream("/v1/launch", false, launchPrefix(tenant));

    assertThat(answer.head()).startsWith("HTTP/1.1 413");
    assertThat(answer.head().toLowerCase()).contains("content-type: application/problem+json");
    assertThat(answer.raw()).contains("\"type\":\"" + PROBLEM + "body-too-large\"");
    assertThat(answer.sent()).isLessThan(FIFTY_MB);
    assertThat(registrations(tenant)).isZero();
  }

  @Test
  void aFiftyMegabyteChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("a"));

    Streamed answer = stream("/v1/launch", true, launchPrefix(tenant));

    assertThat(answer.head()).startsWith("HTTP/1.1 413");
    assertThat(answer.raw()).contains("\"type\":\"" + PROBLEM + "body-too-large\"");
    assertThat(answer.sent()).isLessThan(FIFTY_MB);
    assertThat(registrations(tenant)).isZero();
  }

  @Test
  void aLaunchWithTheLargestSuspendDataFitsUnderTheDefaultLimit() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("a");
    tenantWithAssignment(tenant, assignment);

    Answer answer =
        call(
            "POST",
            "/v1/launch",
            null,
            Map.of(
                "descriptor",
                descriptor(tenant, assignment, "SCORM_2004_4TH"),
                "learnerId",
                "learner-1",
                "suspendData",
                "x".repeat(64_000)));

    assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
  }

  @Test
  void beanValidationErrorsNameEachField() throws Exception {
    Answer answer =
        call(
            "PUT",
            "/v1/admin/tenants/" + unique("acme"),
            ADMIN_TOKEN,
            Map.of("name", "", "playerOrigins", List.of("ftp://nope")));

    assertInvalid(answer, "invalid-body");
    assertThat(fields(answer)).containsExactlyInAnyOrder("name", "playerOrigins[0]");
    assertThat(answer.body().path("detail").asText()).doesNotContain("Invalid request content");
  }

  @Test
  void aValueOfTheWrongTypeInTheBodyIsNamedByFieldAndPointer() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("a"));

    Answer answer =
        raw(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + unique("b"),
            "{\"topics\":[{\"topicId\":\"t\",\"challengeIds\":[\"a\"]}],\"passingScore\":\"high\"}");

    assertInvalid(answer, "invalid-body");
    JsonNode error = answer.body().path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("passingScore");
    assertThat(error.path("pointer").asText()).isEqualTo("/passingScore");
    assertThat(error.path("message").asText()).isEqualTo("must be an integer");
  }

  @Test
  void malformedAndMissingBodiesSaySoWithAPointerToTheBody() throws Exception {
    String path = "/v1/admin/tenants/" + unique("acme");

    Answer malformed = raw("PUT", path, "{\"name\": \"Acme\", ");
    Answer missing = raw("PUT", path, "");

    assertInvalid(malformed, "malformed-json");
    assertThat(malformed.body().path("errors").get(0).path("pointer").asText()).isEmpty();
    assertThat(malformed.body().path("errors").get(0).path("message").asText())
        .startsWith("is not valid JSON");
    assertInvalid(missing, "invalid-body");
    assertThat(missing.body().path("errors").get(0).path("pointer").asText()).isEmpty();
  }

  @Test
  void aQueryValueOfTheWrongTypeNamesTheParameterAndItsValues() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("a");
    tenantWithAssignment(tenant, assignment);

    Answer answer =
        call(
            "GET",
            "/v1/admin/tenants/"
                + tenant
                + "/assignments/"
                + assignment
                + "/topics/t/package?scormVersion=SCORM_3",
            ADMIN_TOKEN,
            null);

    assertInvalid(answer, "invalid-body");
    assertThat(answer.body().path("field").asText()).isEqualTo("scormVersion");
    assertThat(answer.body().path("errors").get(0).path("message").asText())
        .contains("SCORM_12", "SCORM_2004_4TH");
  }

  @Test
  void aPolicyBreakingADomainRuleNamesTheFieldAndStoresNothing() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("a"));
    String assignment = unique("b");

    Answer answer =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
            ADMIN_TOKEN,
            Map.of(
                "topics",
                List.of(
                    Map.of("topicId", "t", "challengeIds", List.of("a")),
                    Map.of("topicId", "t", "challengeIds", List.of("b")))));

    assertInvalid(answer, "invalid-body");
    assertThat(answer.body().path("field").asText()).isEqualTo("topics[1].topicId");
    assertThat(
            jdbc.sql("select count(*) from assignments where id = :id")
                .param("id", assignment)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void refusalsOfRulesFiltersAndSpringAllCarryTheCatalogueType() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("a"));

    Answer noToken = call("GET", "/v1/admin/tenants/" + tenant + "/lrs", null, null);
    Answer unknownAssignment =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/assignments/nope/topics/t/descriptor",
            ADMIN_TOKEN,
            Map.of("scormVersion", "SCORM_12"));
    Answer unknownPath = call("GET", "/v1/nothing-here", null, null);
    Answer forgedDescriptor =
        call("POST", "/v1/launch", null, Map.of("descriptor", "x.y.z", "learnerId", "l"));

    assertProblem(noToken, 401, "invalid-token", "A valid bearer token is required");
    assertProblem(unknownAssignment, 404, "not-found", "No such resource");
    assertThat(unknownAssignment.body().path("detail").asText()).contains("nope");
    assertProblem(unknownPath, 404, "not-found", "No such resource");
    assertProblem(forgedDescriptor, 401, "invalid-token", "A valid bearer token is required");
  }

  private static void assertInvalid(Answer answer, String slug) {
    assertProblem(answer, 400, slug, null);
    assertThat(answer.body().path("errors").isArray()).as(answer.raw()).isTrue();
    assertThat(answer.body().path("errors")).as(answer.raw()).isNotEmpty();
  }

  private static void assertProblem(Answer answer, int status, String slug, String title) {
    assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.body().path("type").asText()).as(answer.raw()).isEqualTo(PROBLEM + slug);
    assertThat(answer.body().path("status").asInt()).isEqualTo(status);
    if (title != null) {
      assertThat(answer.body().path("title").asText()).isEqualTo(title);
    }
  }

  private static List<String> fields(Answer answer) {
    return answer.body().path("errors").valueStream().map(e -> e.path("field").asText()).toList();
  }

  private long registrations(String tenant) {
    return jdbc.sql("select count(*) from registrations where tenant_id = :t")
        .param("t", tenant)
        .query(Long.class)
        .single();
  }

  private String launchPrefix(String tenant) throws Exception {
    return "{\"descriptor\":\""
        + descriptor(tenant, jdbcAssignmentOf(tenant), "SCORM_12")
        + "\",\"learnerId\":\"learner-1\",\"suspendData\":\"";
  }

  private String jdbcAssignmentOf(String tenant) {
    return jdbc.sql("select id from assignments where tenant_id = :t")
        .param("t", tenant)
        .query(String.class)
        .single();
  }

  private Answer raw(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body().isBlank() ? null : json.readTree(response.body()),
        response.body());
  }

  /** A raw HTTP answer: status line and headers, all bytes read, and how much body was sent. */
  record Streamed(String head, String raw, long sent) {}

  /**
   * POSTs {@code prefix} followed by filler up to 50 MB, from a 64 KiB buffer written again and
   * again (the test never holds 50 MB), while reading the answer; the writer stops when the server
   * stops reading.
   */
  private Streamed stream(String path, boolean chunked, String prefix) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + (chunked
                  ? "Transfer-Encoding: chunked\r\n"
                  : "Content-Length: " + FIFTY_MB + "\r\n")
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                byte[] filler = new byte[64 * 1024];
                Arrays.fill(filler, (byte) 'x');
                try {
                  write(out, prefix.getBytes(StandardCharsets.UTF_8), chunked, sent);
                  while (sent.get() + filler.length <= FIFTY_MB) {
                    write(out, filler, chunked, sent);
                  }
                } catch (IOException serverStoppedReading) {
                  // expected: the server answered and closed the connection
                }
              },
              "fifty-mb-writer");
      writer.setDaemon(true);
      writer.start();
      String answer = readUntilClosed(socket.getInputStream());
      socket.close();
      writer.join(30_000);
      int end = answer.indexOf("\r\n\r\n");
      return new Streamed(end < 0 ? answer : answer.substring(0, end), answer, sent.get());
    }
  }

  private static void write(OutputStream out, byte[] bytes, boolean chunked, AtomicLong sent)
      throws IOException {
    if (chunked) {
      out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    out.write(bytes);
    if (chunked) {
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    sent.addAndGet(bytes.length);
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.write(buffer, 0, n);
      }
    } catch (IOException resetAfterTheAnswer) {
      // a reset after the answer was read still leaves the answer
      if (answer.size() == 0) {
        throw resetAfterTheAnswer;
      }
    }
    return answer.toString(StandardCharsets.UTF_8);
  }
}
