package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.PlayerJson;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A seeded fuzz pass over the player API (issue 10): valid event, heartbeat and end-of-session
 * bodies are mutated — fields dropped, values swapped for other types, huge and negative numbers,
 * control characters and unpaired surrogates, deep nesting, strings up to the body limit — and
 * their text is corrupted, cut, wrapped, sent as invalid UTF-8 or under a wrong content type. Every
 * answer must be 2xx or 4xx; a 4xx must be problem+json, name what is wrong (the JSON pointer of
 * each invalid value, or the detail of a malformed body) and leave the activity and heartbeat
 * topics untouched (their end offsets); the service must be healthy afterwards. The seed is printed
 * in every failure; {@code -Dfuzz.seed=N} replays a run.
 */
class FuzzIT extends SharedKafkaTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  private static final int CASES_PER_TARGET = 90;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TestSession session = TestSession.fresh();
  private final String token = ISSUER.token(session);

  /** One fuzzed endpoint: path, whether the token is a header, and valid bodies to start from. */
  private record Target(String path, boolean bearer, String contentType, Object valid) {}

  @Test
  void mutatedBodiesGetOnly2xxOr4xxAndA4xxWritesNothing() {
    UUID id = UUID.randomUUID();
    Map<String, Object> opened = parse(PlayerJson.challengeOpened(id, 1, "c-1"));
    Map<String, Object> answered =
        parse(PlayerJson.answerSubmitted(UUID.randomUUID(), 2, "c-1", "correct"));
    Map<String, Object> heartbeat = parse(PlayerJson.heartbeat(UUID.randomUUID(), 3, 1_000));
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("token", token);
    end.put("reason", "suspend");
    end.put("activeMillis", 1_000);
    end.put("bookmark", Map.of("challengeId", "c-1", "step", 1, "revealedHints", List.of(0)));
    List<Target> targets =
        List.of(
            new Target(session.eventsPath(), true, "application/json", List.of(opened, answered)),
            new Target(session.heartbeatsPath(), true, "application/json", heartbeat),
            new Target("/v1/sessions/" + session.sessionId() + "/end", false, "text/plain", end));

    Random random = new Random(SEED);
    int cases = 0;
    int refused = 0;
    for (Target target : targets) {
      for (int i = 0; i < CASES_PER_TARGET; i++) {
        Request request = mutate(target, random);
        String what =
            "seed %d, case %d: %s %s %s"
                .formatted(SEED, cases, target.path(), request.contentType(), request.printable());
        Map<TopicPartition, Long> before = topics.endOffsets();
        EntityExchangeResult<byte[]> answer = send(target, request);
        cases++;
        int status = answer.getStatus().value();
        String body = answer.getResponseBody() == null ? "" : new String(answer.getResponseBody());
        assertThat(status).as("%s -> %s", what, body).isBetween(200, 499);
        if (status >= 400) {
          refused++;
          assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE))
              .as("%s -> %s", what, body)
              .startsWith("application/problem+json");
          assertThat(topics.endOffsets()).as("nothing written for %s", what).isEqualTo(before);
          JsonNode problem = JSON.readTree(body);
          assertThat(problem.path("detail").asText()).as("%s -> %s", what, body).isNotBlank();
          if (problem.path("type").asText().endsWith("invalid-body")) {
            assertThat(problem.path("errors").isArray() && !problem.path("errors").isEmpty())
                .as("%s names each invalid value -> %s", what, body)
                .isTrue();
            problem
                .path("errors")
                .forEach(e -> assertThat(e.has("pointer")).as("%s -> %s", what, body).isTrue());
          }
        }
      }
    }
    assertThat(refused)
        .as("seed %d: the fuzz reached the validation paths", SEED)
        .isGreaterThan(cases / 2);

    client.get().uri("/healthz").exchange().expectStatus().isOk();
    TestSession after = TestSession.fresh();
    post(
            after,
            after.heartbeatsPath(),
            org.springframework.http.MediaType.APPLICATION_JSON,
            PlayerJson.heartbeat(UUID.randomUUID(), 1, 1_000))
        .expectStatus()
        .isAccepted();
  }

  /** A request body as bytes, and its content type (null: none). */
  private record Request(byte[] body, String contentType) {
    String printable() {
      String text = new String(body, StandardCharsets.UTF_8);
      return text.length() > 300 ? text.substring(0, 300) + "...(" + body.length + " bytes)" : text;
    }
  }

  private EntityExchangeResult<byte[]> send(Target target, Request request) {
    var spec = client.post().uri(target.path());
    if (target.bearer()) {
      spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    if (request.contentType() != null) {
      spec = spec.header(HttpHeaders.CONTENT_TYPE, request.contentType());
    }
    return spec.bodyValue(request.body()).exchange().expectBody().returnResult();
  }

  private static Request mutate(Target target, Random random) {
    Object body = mutateValue(deepCopy(target.valid()), random, 0);
    String text = JSON.writeValueAsString(body);
    byte[] bytes =
        switch (random.nextInt(8)) {
          case 0 -> corrupt(text, random).getBytes(StandardCharsets.UTF_8);
          case 1 ->
              text.substring(0, random.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
          case 2 -> invalidUtf8(text.getBytes(StandardCharsets.UTF_8), random);
          case 3 -> ("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8);
          default -> text.getBytes(StandardCharsets.UTF_8);
        };
    String contentType =
        switch (random.nextInt(10)) {
          case 0 -> null;
          case 1 -> "application/xml";
          case 2 -> "application/x-www-form-urlencoded";
          case 3 -> "application/json; charset=ISO-8859-1";
          default -> target.contentType();
        };
    return new Request(bytes, contentType);
  }

  /** The value with one to three of its fields (or elements) mutated. */
  @SuppressWarnings("unchecked")
  private static Object mutateValue(Object value, Random random, int depth) {
    if (value instanceof List<?> list && !list.isEmpty()) {
      List<Object> copy = new ArrayList<>(list);
      int at = random.nextInt(copy.size());
      switch (random.nextInt(4)) {
        case 0 -> copy.remove(at);
        case 1 -> copy.set(at, hostileValue(random));
        case 2 -> copy.add(copy.get(at));
        default -> copy.set(at, mutateValue(copy.get(at), random, depth + 1));
      }
      return copy;
    }
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
      List<String> keys = new ArrayList<>(copy.keySet());
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        String key = keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(5)) {
          case 0 -> copy.remove(key);
          case 1 -> copy.put(key, hostileValue(random));
          case 2 -> copy.put(hostileString(random), hostileValue(random));
          case 3 -> copy.put(key, Arrays.asList(hostileValue(random), hostileValue(random)));
          default ->
              copy.put(
                  key, depth < 3 ? mutateValue(copy.get(key), random, depth + 1) : copy.get(key));
        }
      }
      return copy;
    }
    return hostileValue(random);
  }

  private static Object hostileValue(Random random) {
    return switch (random.nextInt(14)) {
      case 0 -> null;
      case 1 -> Long.MAX_VALUE - random.nextInt(10);
      case 2 -> Long.MIN_VALUE + random.nextInt(10);
      case 3 -> -random.nextInt(Integer.MAX_VALUE);
      case 4 -> random.nextDouble() * 1e300;
      case 5 -> random.nextBoolean();
      case 6 -> "x".repeat(random.nextInt(900_000));
      case 7 -> nested(1 + random.nextInt(400));
      case 8 -> List.of();
      case 9 -> Map.of();
      case 10 -> Instant.now().plusSeconds(random.nextLong() % 10_000_000_000L).toString();
      case 11 -> new java.math.BigInteger(400, random).toString() + "e99999";
      default -> hostileString(random);
    };
  }

  private static Object nested(int depth) {
    Object value = "bottom";
    for (int i = 0; i < depth; i++) {
      value = (i % 2 == 0) ? List.of(value) : Map.of("n", value);
    }
    return value;
  }

  private static String hostileString(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(300);
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
    for (int e = 1 + random.nextInt(4); e > 0 && out.length() > 0; e--) {
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
    byte[] out = Arrays.copyOf(text, text.length);
    byte[][] bad = {
      {(byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xFF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
    };
    for (int e = 1 + random.nextInt(3); e > 0 && out.length > 0; e--) {
      byte[] insert = bad[random.nextInt(bad.length)];
      int at = random.nextInt(out.length);
      byte[] grown = new byte[out.length + insert.length];
      System.arraycopy(out, 0, grown, 0, at);
      System.arraycopy(insert, 0, grown, at, insert.length);
      System.arraycopy(out, at, grown, at + insert.length, out.length - at);
      out = grown;
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    return JSON.readValue(json, LinkedHashMap.class);
  }

  private static Object deepCopy(Object value) {
    return JSON.readValue(JSON.writeValueAsString(value), Object.class);
  }
}
