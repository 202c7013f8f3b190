package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.oidc.DevIssuer;
import io.learnpulse.lmssync.LmsSyncApplication;
import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.xapi.XapiUuids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on real infrastructure: the embedded KRaft broker, the Confluent-API registry and
 * PostgreSQL of {@code embedded-infra}, with the catalog's topics created. Ids are random per test
 * so tests share the infrastructure without seeing each other's data.
 */
@LearnPulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.Configuration.class)
abstract class LmsSyncITSupport {

  static final String ADMIN_TOKEN = "it-admin-token-0123456789";

  /** The OIDC issuer of admin tokens, shared by every test class of this JVM. */
  static final DevIssuer ISSUER = DevIssuer.start();

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure infra = Infrastructure.shared();
    registry.add("spring.datasource.url", infra::jdbcUrl);
    registry.add("spring.datasource.username", infra::jdbcUsername);
    registry.add("spring.datasource.password", infra::jdbcPassword);
    registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
    registry.add("learnpulse.lms-sync.schema-registry-url", infra::schemaRegistryUrl);
    registry.add("learnpulse.lms-sync.auto-register-schemas", () -> "true");
    // The development token (a platform operator) sets tests up; OIDC tests mint their own.
    registry.add("learnpulse.lms-sync.admin.dev-token", () -> ADMIN_TOKEN);
    registry.add("learnpulse.lms-sync.admin.issuer-uri", () -> ISSUER.issuerUri().toString());
    registry.add("learnpulse.lms-sync.admin.audience", () -> DevIssuer.AUDIENCE);
    registry.add("learnpulse.lms-sync.outbox-poll-interval", () -> "200ms");
  }

  @AfterEach
  void backToRealTime() {
    clock.reset();
  }

  @BeforeAll
  static void createTopics() {
    Infrastructure.shared().createTopics(Topics.newTopics((short) 1));
  }

  /** An HTTP answer with its JSON body (null when the body is empty). */
  record Answer(int status, String contentType, JsonNode body, String raw) {}

  Answer call(String method, String path, String token, Object body) throws Exception {
    return call(method, path, token, body, port);
  }

  Answer call(String method, String path, String token, Object body, int onPort) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String raw = response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    return new Answer(
        response.statusCode(),
        contentType,
        raw.isBlank() || !contentType.contains("json") ? null : json.readTree(raw),
        raw);
  }

  /** Creates a tenant with one assignment of topic {@code t} (challenges a and b). */
  void tenantWithAssignment(String tenant, String assignment) throws Exception {
    Answer created =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant,
            ADMIN_TOKEN,
            Map.of("name", "Tenant " + tenant, "playerOrigins", List.of("https://player.example")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    Answer policy =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
            ADMIN_TOKEN,
            Map.of(
                "topics",
                List.of(Map.of("topicId", "t", "challengeIds", List.of("a", "b"))),
                "passingScore",
                70));
    assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
  }

  String descriptor(String tenant, String assignment, String version) throws Exception {
    Answer answer =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/topics/t/descriptor",
            ADMIN_TOKEN,
            Map.of("scormVersion", version));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.body().path("descriptor").asText();
  }

  Answer launch(String descriptor, String learner) throws Exception {
    return call("POST", "/v1/launch", null, launchBody(descriptor, learner));
  }

  /** The body of a first launch of {@code learner} through {@code descriptor}. */
  static Map<String, Object> launchBody(String descriptor, String learner) {
    return launchBody(descriptor, learner, "ab-initio");
  }

  /** The body of a launch of {@code learner} with the LMS's {@code entry} value. */
  static Map<String, Object> launchBody(String descriptor, String learner, String entry) {
    return Map.of(
        "descriptor",
        descriptor,
        "learnerId",
        learner,
        "learnerName",
        "Learner " + learner,
        "entry",
        entry,
        "suspendData",
        "",
        "location",
        "");
  }

  /**
   * Another replica of the service on the shared infrastructure, consuming nothing from Kafka, on
   * its own ports; {@code settings} are further command-line arguments, which outrank
   * application.yml as the deployment's settings do.
   */
  static ConfigurableApplicationContext replica(Path signingKey, String... settings) {
    Infrastructure infra = Infrastructure.shared();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.port=0",
                "--spring.datasource.url=" + infra.jdbcUrl(),
                "--spring.datasource.username=" + infra.jdbcUsername(),
                "--spring.datasource.password=" + infra.jdbcPassword(),
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--spring.kafka.listener.auto-startup=false",
                "--learnpulse.lms-sync.schema-registry-url=" + infra.schemaRegistryUrl(),
                "--learnpulse.lms-sync.auto-register-schemas=true",
                "--learnpulse.lms-sync.admin-token=" + ADMIN_TOKEN,
                "--learnpulse.lms-sync.signing-key-file=" + signingKey));
    args.addAll(List.of(settings));
    return new SpringApplicationBuilder(LmsSyncApplication.class).run(args.toArray(String[]::new));
  }

  /** How many registrations (attempts) the tenant has. */
  long registrationCount(String tenant) {
    return jdbc.sql("select count(*) from registrations where tenant_id = :t")
        .param("t", tenant)
        .query(Long.class)
        .single();
  }

  /** Another learner's launch of {@code first}'s assignment, in its tenant. */
  Launched launchedIn(Launched first, String learner, String version) throws Exception {
    Answer launch = launch(descriptor(first.tenant(), first.assignment(), version), learner);
    assertThat(launch.status()).as(launch.raw()).isEqualTo(201);
    return new Launched(
        first.tenant(),
        first.assignment(),
        UUID.fromString(launch.body().path("registrationId").asText()),
        UUID.fromString(launch.body().path("sessionId").asText()),
        launch.body().path("sessionToken").asText(),
        launch.body().path("bridgeToken").asText(),
        launch.body().path("ingestUrl").asText());
  }

  /**
   * A JDK HTTP server on 127.0.0.1 answering every request under {@code path} with {@code status}
   * and the JSON {@code body}, counting the requests in {@code hits}: a stand-in for a peer whose
   * answer the real one cannot be made to give (each test says why).
   */
  static HttpServer jsonServer(String path, int status, String body, AtomicInteger hits) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      server.createContext(
          path,
          exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The LRS user name {@link #useLrs} saves. */
  static final String LRS_USER = "lrs-user";

  /** Enables the tenant's LRS at {@code endpoint} through the admin API. */
  void useLrs(String tenant, URI endpoint, String password) throws Exception {
    Answer saved =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/lrs",
            ADMIN_TOKEN,
            Map.of(
                "enabled",
                true,
                "endpoint",
                endpoint.toString(),
                "homePage",
                "https://lms.example",
                "username",
                LRS_USER,
                "password",
                password));
    assertThat(saved.status()).as(saved.raw()).isBetween(200, 204);
  }

  /**
   * {@code n} xAPI statements (a JSON array) about the registration, as xapi-emitter would send
   * them: {@code context.registration} is {@link XapiUuids#registration}; verb {@code answered},
   * objects {@code …/challenges/c<i>}, timestamps a second apart.
   */
  static String xapiStatements(UUID registration, int n) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      json.append(i == 0 ? "" : ",")
          .append(
              """
              {"id":"%s","actor":{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"learner-42"}},
               "verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},
               "object":{"objectType":"Activity","id":"https://learnpulse.example/challenges/c%d"},
               "context":{"registration":"%s"},"timestamp":"2026-12-02T10:00:%02dZ"}
              """
                  .formatted(UUID.randomUUID(), i, XapiUuids.registration(registration), i));
    }
    return json.append("]").toString();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A producer writing contract records with the real serde, as other services do. */
  static KafkaProducer<String, Object> avroProducer(String subjectStrategy) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Infrastructure.shared().bootstrapServers(),
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            Infrastructure.shared().schemaRegistryUrl(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            "true",
            AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
            subjectStrategy);
    return new KafkaProducer<>(config, new StringSerializer(), avroSerializer(config));
  }

  private static AvroSerializer<Object> avroSerializer(Map<String, Object> config) {
    AvroSerializer<Object> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    return serializer;
  }

  static KafkaProducer<String, byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  static void send(KafkaProducer<String, Object> producer, String topic, String key, Object value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** Every record of {@code topic} with {@code key}, read from the beginning until none is left. */
  static List<ConsumerRecord<String, Object>> recordsWithKey(String topic, String key) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Infrastructure.shared().bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            Infrastructure.shared().schemaRegistryUrl(),
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            "true");
    AvroDeserializer<Object> values = new AvroDeserializer<>();
    values.configure(config, false);
    List<ConsumerRecord<String, Object>> found = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = consumer.poll(Duration.ofSeconds(1));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          emptyPolls++;
        }
        records.forEach(
            r -> {
              if (key.equals(r.key())) {
                found.add(r);
              }
            });
      }
    }
    return found;
  }

  static List<ConsumerRecord<String, byte[]>> rawRecordsWithKey(String topic, String key) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Infrastructure.shared().bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            config,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = consumer.poll(Duration.ofSeconds(1));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          emptyPolls++;
        }
        records.forEach(
            r -> {
              if (key.equals(r.key())) {
                found.add(r);
              }
            });
      }
    }
    return found;
  }

  record Launched(
      String tenant,
      String assignment,
      UUID registration,
      UUID session,
      String sessionToken,
      String bridgeToken,
      String ingestUrl) {
    String key() {
      return registration.toString();
    }
  }

  Launched launched(String version) throws Exception {
    String tenant = unique("acme");
    String assignment = unique("sync");
    tenantWithAssignment(tenant, assignment);
    Answer launch = launch(descriptor(tenant, assignment, version), "learner-42");
    assertThat(launch.status()).as(launch.raw()).isEqualTo(201);
    return new Launched(
        tenant,
        assignment,
        UUID.fromString(launch.body().path("registrationId").asText()),
        UUID.fromString(launch.body().path("sessionId").asText()),
        launch.body().path("sessionToken").asText(),
        launch.body().path("bridgeToken").asText(),
        launch.body().path("ingestUrl").asText());
  }

  /** An element of the session's latest commit, or null when it has none. */
  String lastCommitted(Launched launched, String element) {
    return jdbc.sql(
            "select elements ->> :e from commits where session_id = :s"
                + " order by sequence desc limit 1")
        .param("e", element)
        .param("s", launched.session())
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /** The session's state (ACTIVE, SUSPENDED, TERMINATED, ABANDONED). */
  String sessionState(Launched launched) {
    return jdbc.sql("select state from sessions where id = :s")
        .param("s", launched.session())
        .query(String.class)
        .single();
  }

  /** The session's commits so far. */
  long commitCount(Launched launched) {
    return jdbc.sql("select count(*) from commits where session_id = :s")
        .param("s", launched.session())
        .query(Long.class)
        .single();
  }

  /** The registration's SCORM summary elements as the bridge reads them (its token). */
  JsonNode summaryElements(Launched launched) throws Exception {
    Answer summary =
        call(
            "GET",
            "/v1/registrations/" + launched.registration() + "/scorm",
            launched.bridgeToken(),
            null);
    assertThat(summary.status()).as(summary.raw()).isEqualTo(200);
    return summary.body().path("elements");
  }

  /** docs/design.md#worked-examples: a 75 (a hint, an incorrect), b 100 first try; STANDARD 70. */
  static TopicStatus workedExampleStatus(Launched launched, Instant updatedAt) {
    return WorkedExample.topicStatus()
        .setTenantId(launched.tenant)
        .setRegistrationId(launched.registration)
        .setAssignmentId(launched.assignment)
        .setTopicId("t")
        .setUpdatedAt(updatedAt)
        .build();
  }

  static Heartbeat heartbeat(Launched launched, Instant at, long activeMillis) {
    return Heartbeat.newBuilder()
        .setMetadata(metadata(launched, at))
        .setAssignmentId(launched.assignment)
        .setActiveMillis(activeMillis)
        .setBookmark(
            Bookmark.newBuilder()
                .setTopicId("t")
                .setChallengeId("b")
                .setStep(1)
                .setRevealedHints(List.of(0))
                .build())
        .build();
  }

  /** The heartbeat with its bookmark at {@code step} of challenge b (hint 0 revealed). */
  static Heartbeat atStep(Heartbeat heartbeat, int step) {
    return Heartbeat.newBuilder(heartbeat)
        .setBookmark(Bookmark.newBuilder(heartbeat.getBookmark()).setStep(step).build())
        .build();
  }

  static EventMetadata metadata(Launched launched, Instant at) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(at)
        .setReceivedAt(at)
        .setTenantId(launched.tenant)
        .setLearnerId("learner-42")
        .setRegistrationId(launched.registration)
        .setSessionId(launched.session)
        .setSequence(0)
        .setProducer("ingest-service")
        .build();
  }
}
