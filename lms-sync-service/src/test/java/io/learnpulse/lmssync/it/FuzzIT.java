package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz pass over the public and admin bodies (issue 10 item 6): valid launch, ack, tenant,
 * assignment and LRS bodies are mutated (fields dropped, replaced by values of other types, huge or
 * negative numbers, control characters, deep nesting) and their JSON text is corrupted byte by
 * byte, sent as invalid UTF-8 or under a wrong content type. Every answer must be 2xx or 4xx, a 4xx
 * must be problem+json naming what is wrong ({@code errors[].field} for an invalid value) and leave
 * every table the endpoint writes unchanged — the Kafka outbox included, so nothing reaches Kafka —
 * and the service must be healthy afterwards. The seed is printed in every failure; {@code
 * -Dfuzz.seed=N} replays a run.
 */
class FuzzIT extends LmsSyncITSupport {

  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  private static final int CASES_PER_TARGET = 70;
  private static final List<String> TABLES =
      List.of(
          "tenants",
          "assignments",
          "assignment_versions",
          "registrations",
          "sessions",
          "tenant_lrs",
          "kafka_outbox");

  private final HttpClient client = HttpClient.newHttpClient();

  /** One fuzzed endpoint: method, path, token and a valid body to start from. */
  private record Target(String method, String path, String token, Map<String, Object> valid) {}

  @Test
  void mutatedBodiesGetOnly2xxOr4xxAndA4xxWritesNothing() throws Exception {
    String tenant = unique("fuzz");
    String assignment = unique("fa");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_2004_4TH");
    Answer launched = launch(descriptor, "learner-fuzz");
    assertThat(launched.status()).as(launched.raw()).isEqualTo(201);
    String session = launched.body().path("sessionId").asText();
    String bridgeToken = launched.body().path("bridgeToken").asText();

    Map<String, Object> launch = new LinkedHashMap<>();
    launch.put("descriptor", descriptor);
    launch.put("learnerId", "learner-fuzz-2");
    launch.put("learnerName", "Fuzz");
    launch.put("entry", "ab-initio");
    launch.put("suspendData", "1|t|b|1|0-2|");
    launch.put("location", "");
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("ok", true);
    ack.put("lmsErrorCode", "0");
    ack.put("lmsErrorString", "");
    ack.put("element", "cmi.location");
    ack.put("readBack", Map.of("cmi.location", "t"));
    Map<String, Object> tenantBody = new LinkedHashMap<>();
    tenantBody.put("name", "Tenant");
    tenantBody.put("playerOrigins", List.of("https://player.example"));
    tenantBody.put("playerUrl", "https://player.example/play");
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("topics", List.of(Map.of("topicId", "t", "challengeIds", List.of("a", "b"))));
    policy.put("completionMode", "STANDARD");
    policy.put("passingScore", 70);
    policy.put("hintPenalty", 10);
    Map<String, Object> lrs = new LinkedHashMap<>(TenantLrsIT.enabledBody());

    List<Target> targets =
        List.of(
            new Target("POST", "/v1/launch", null, launch),
            new Target("POST", "/v1/sessions/" + session + "/commits/1/ack", bridgeToken, ack),
            new Target("PUT", "/v1/admin/tenants/" + tenant, ADMIN_TOKEN, tenantBody),
            new Target(
                "PUT",
                "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
                ADMIN_TOKEN,
                policy),
            new Target("PUT", "/v1/admin/tenants/" + tenant + "/lrs", ADMIN_TOKEN, lrs));

    Random random = new Random(SEED);
    int cases = 0;
    int refused = 0;
    for (Target target : targets) {
      for (int i = 0; i < CASES_PER_TARGET; i++) {
        String body = mutate(target.valid(), random);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String contentType = "application/json";
        switch (random.nextInt(10)) {
          case 0 -> bytes = invalidUtf8(bytes, random);
          case 1 -> contentType = "application/xml";
          case 2 -> contentType = "text/plain";
          default -> {
            // the mutated JSON as it is
          }
        }
        String what =
            "seed %d, case %d: %s %s (%s) with %s"
                .formatted(SEED, cases, target.method(), target.path(), contentType, body);
        Map<String, Long> before = counts();
        HttpResponse<String> answer = send(target, bytes, contentType);
        cases++;
        assertThat(answer.statusCode()).as("%s: %s", what, answer.body()).isBetween(200, 499);
        if (answer.statusCode() >= 400) {
          refused++;
          assertThat(counts()).as("nothing written for %s", what).isEqualTo(before);
          assertThat(answer.headers().firstValue("Content-Type").orElse("application/problem+json"))
              .as("%s answered %s", what, answer.body())
              .startsWith("application/problem+json");
          var problem = json.readTree(answer.body());
          if (problem.path("type").asText().endsWith("invalid-body")) {
            assertThat(problem.path("errors").isArray() && !problem.path("errors").isEmpty())
                .as("%s names what is wrong: %s", what, answer.body())
                .isTrue();
            problem
                .path("errors")
                .forEach(
                    error ->
                        assertThat(error.has("field") || error.has("pointer"))
                            .as("%s names the field: %s", what, answer.body())
                            .isTrue());
          }
        }
      }
    }
    assertThat(cases).isEqualTo(CASES_PER_TARGET * targets.size());
    assertThat(refused).as("the fuzz reached the validation paths").isGreaterThan(cases / 3);

    // The fuzz may have changed the policy (a 2xx is allowed to); restore it, then launch again.
    assertThat(
            call(
                    "PUT",
                    "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
                    ADMIN_TOKEN,
                    policy)
                .status())
        .isEqualTo(200);
    Answer health = call("GET", "/healthz", null, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(launch(descriptor, "learner-after-fuzz").status()).isEqualTo(201);
  }

  private HttpResponse<String> send(Target target, byte[] body, String contentType)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target.path()))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .method(target.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    if (target.token() != null) {
      request.header("Authorization", "Bearer " + target.token());
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
    }
    counts.put(
        "acked commits",
        jdbc.sql("select count(*) from commits where acked_at is not null")
            .query(Long.class)
            .single());
    return counts;
  }

  /** A mutated JSON body: a structural mutation of the valid map, sometimes corrupted as text. */
  private String mutate(Map<String, Object> valid, Random random) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>(valid);
    List<String> keys = new ArrayList<>(body.keySet());
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      String key = keys.get(random.nextInt(keys.size()));
      switch (random.nextInt(4)) {
        case 0 -> body.remove(key);
        case 1 -> body.put(key, hostileValue(random));
        case 2 -> body.put(hostileString(random), hostileValue(random));
        default ->
            body.put(key, java.util.Arrays.asList(hostileValue(random), hostileValue(random)));
      }
    }
    String text = json.writeValueAsString(body);
    return switch (random.nextInt(5)) {
      case 0 -> corrupt(text, random);
      case 1 ->
          random.nextBoolean()
              ? "[" + text + "]"
              : text.substring(0, random.nextInt(text.length()));
      default -> text;
    };
  }

  private static Object hostileValue(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> Long.MAX_VALUE - random.nextInt(10);
      case 2 -> -random.nextInt(Integer.MAX_VALUE);
      case 3 -> random.nextDouble() * 1e300;
      case 4 -> random.nextBoolean();
      case 5 -> "x".repeat(random.nextInt(70_000));
      case 6 -> Map.of("nested", Map.of("deeper", List.of(1, "two", Map.of())));
      case 7 -> List.of();
      case 8 -> "1|t|b|1|" + "0-1000,".repeat(1 + random.nextInt(2000)) + "0|";
      case 9 -> "http://169.254.169.254/latest/meta-data/";
      default -> hostileString(random);
    };
  }

  private static String hostileString(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      text.append(
          switch (random.nextInt(6)) {
            case 0 -> (char) random.nextInt(0x20); // control characters, NUL included
            case 1 -> '\uD800'; // unpaired surrogate
            case 2 -> (char) (0x4E00 + random.nextInt(100));
            default -> (char) (0x21 + random.nextInt(0x5E));
          });
    }
    return text.toString();
  }

  private static String corrupt(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, "{}[],:\"\\\u0000".charAt(random.nextInt(9)));
        default -> out.setCharAt(at, (char) random.nextInt(0x80));
      }
    }
    return out.toString();
  }

  /** Bytes no UTF-8 decoder accepts (lone continuation bytes, overlong forms, 0xFF). */
  private static byte[] invalidUtf8(byte[] text, Random random) {
    byte[][] bad = {
      {(byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xFF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
    };
    byte[] insert = bad[random.nextInt(bad.length)];
    int at = random.nextInt(text.length + 1);
    byte[] out = new byte[text.length + insert.length];
    System.arraycopy(text, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(text, at, out, at + insert.length, text.length - at);
    return out;
  }
}
