package io.learnpulse.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo tenant the local stack seeds through lms-sync's admin API: one assignment with the "SQL
 * injection" topic whose challenges the demo player ({@code demo/player/player.js}) teaches, the
 * demo player as the tenant's player and the demo pages' origins as its player origins. Seeding is
 * idempotent (every call is a PUT), so a restart on the same data directory changes nothing.
 */
final class DemoTenant {

  static final String TENANT = "demo";
  static final String ASSIGNMENT = "secure-coding-demo";
  static final String TOPIC = "sql-injection";

  /** Must match the challenge ids in {@code demo/player/player.js}. */
  static final List<String> CHALLENGES =
      List.of("sqli-login-bypass", "sqli-parameterized-query", "sqli-order-by", "sqli-code-review");

  static final List<String> SCORM_VERSIONS =
      List.of("SCORM_12", "SCORM_2004_3RD", "SCORM_2004_4TH");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String lmsSyncUrl;
  private final String adminToken;

  DemoTenant(String lmsSyncUrl, String adminToken) {
    this.lmsSyncUrl = lmsSyncUrl;
    this.adminToken = adminToken;
  }

  /** Creates or updates the tenant and its assignment. */
  void seed(String playerUrl, List<String> playerOrigins) throws IOException, InterruptedException {
    put(
        "/v1/admin/tenants/" + TENANT,
        Map.of("name", "Demo Corp", "playerOrigins", playerOrigins, "playerUrl", playerUrl));
    put(
        "/v1/admin/tenants/" + TENANT + "/assignments/" + ASSIGNMENT,
        Map.of(
            "topics",
            List.of(Map.of("topicId", TOPIC, "challengeIds", CHALLENGES)),
            "completionMode",
            "STANDARD",
            "passingScore",
            70));
  }

  /** The SCORM package of the demo topic, as an LMS administrator downloads it. */
  byte[] downloadPackage(String scormVersion) throws IOException, InterruptedException {
    return downloadPackage(scormVersion, ASSIGNMENT);
  }

  /**
   * The SCORM package of the demo topic in another assignment of the demo tenant (one an
   * administrator created in the console with the demo topic).
   */
  byte[] downloadPackage(String scormVersion, String assignmentId)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> answer =
        http.send(
            request(
                    "/v1/admin/tenants/"
                        + TENANT
                        + "/assignments/"
                        + assignmentId
                        + "/topics/"
                        + TOPIC
                        + "/package?scormVersion="
                        + scormVersion)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() != 200) {
      throw new IOException(
          "package download answered " + answer.statusCode() + ": " + new String(answer.body()));
    }
    return answer.body();
  }

  /** A launch descriptor of the demo topic (what a package carries), for the simulator. */
  String descriptor(String scormVersion) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            request(
                    "/v1/admin/tenants/"
                        + TENANT
                        + "/assignments/"
                        + ASSIGNMENT
                        + "/topics/"
                        + TOPIC
                        + "/descriptor")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("scormVersion", scormVersion))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IOException("descriptor answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body()).path("descriptor").asText();
  }

  private void put(String path, Object body) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IOException(
          "PUT " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(lmsSyncUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + adminToken);
  }
}
