package io.learnpulse.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API (Confluent, Karapace, Apicurio ccompat,
 * Redpanda, or LearnPulse's local registry), with the caches a serializer needs: schemas by id and
 * ids by subject and schema never change once assigned, so they are cached for the life of the
 * client. Several URLs are tried in turn when one cannot be reached.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** Content type of the registry API. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> urls;
  private final Duration timeout;
  private final Optional<String> authorization;
  private final int cacheCapacity;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  /**
   * A client.
   *
   * @param urls registry base URLs, tried in order
   * @param timeout connect and request timeout
   * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, if any
   * @param cacheCapacity most schemas kept per cache
   */
  public RestSchemaRegistryClient(
      List<URI> urls, Duration timeout, Optional<String> basicAuthUserInfo, int cacheCapacity) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is required");
    }
    this.urls = List.copyOf(urls);
    this.timeout = Objects.requireNonNull(timeout);
    this.authorization =
        basicAuthUserInfo.map(
            info ->
                "Basic "
                    + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    this.cacheCapacity = cacheCapacity;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** A client of one registry with a 10-second timeout and no authentication. */
  public static RestSchemaRegistryClient of(String url) {
    return new RestSchemaRegistryClient(
        List.of(URI.create(url)), Duration.ofSeconds(10), Optional.empty(), 1000);
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode answer =
        send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = answer.path("id").asInt();
    remember(idsBySubjectSchema, key, id);
    remember(schemasById, id, schema);
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    RegisteredSchema cached = lookups.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
    RegisteredSchema found = registered(answer);
    remember(lookups, key, found);
    remember(schemasById, found.id(), found.schema());
    return found;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = parse(send("GET", "/schemas/ids/" + id, null).path("schema").asText());
    remember(schemasById, id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    send("GET", "/subjects/" + encode(subject) + "/versions", null)
        .forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    try {
      return send(
              "POST",
              "/compatibility/subjects/" + encode(subject) + "/versions/latest",
              schemaBody(schema))
          .path("is_compatible")
          .asBoolean();
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true; // nothing registered yet: anything is compatible
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return level(send("GET", "/config", null));
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    send("PUT", "/config", compatibilityBody(level));
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    return level(send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    send("PUT", "/config/" + encode(subject), compatibilityBody(level));
  }

  private static CompatibilityLevel level(JsonNode answer) {
    String level = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText());
    return CompatibilityLevel.valueOf(level);
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static String compatibilityBody(CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level.name());
    return body.toString();
  }

  private static RegisteredSchema registered(JsonNode answer) {
    return new RegisteredSchema(
        answer.path("subject").asText(),
        answer.path("id").asInt(),
        answer.path("version").asInt(),
        parse(answer.path("schema").asText()));
  }

  private static Schema parse(String schema) {
    try {
      return new Schema.Parser().parse(schema);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          200, SchemaRegistryException.INVALID_SCHEMA, "registry returned an invalid schema: " + e);
    }
  }

  private <K, V> void remember(Map<K, V> cache, K key, V value) {
    if (cache.size() >= cacheCapacity) {
      cache.clear();
    }
    cache.put(key, value);
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body) {
    List<Exception> failures = new ArrayList<>();
    for (URI base : urls) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(stripSlash(base.toString()) + path))
              .timeout(timeout)
              .header("Accept", CONTENT_TYPE + ", application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      authorization.ifPresent(value -> request.header("Authorization", value));
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        log.warn("Schema registry {} unreachable: {}", base, e.toString());
        failures.add(e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryUnavailableException("interrupted calling " + base, e);
      }
      if (response.statusCode() >= 500) {
        failures.add(new IOException("HTTP " + response.statusCode() + ": " + response.body()));
        continue;
      }
      JsonNode json = readJson(response);
      if (response.statusCode() >= 400) {
        throw new SchemaRegistryException(
            response.statusCode(),
            json.path("error_code").asInt(response.statusCode()),
            method + " " + path + ": " + json.path("message").asText(response.body()));
      }
      return json;
    }
    SchemaRegistryUnavailableException unavailable =
        new SchemaRegistryUnavailableException(
            "no schema registry answered " + method + " " + path + " at " + urls, null);
    failures.forEach(unavailable::addSuppressed);
    throw unavailable;
  }

  private static JsonNode readJson(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(
          response.statusCode(),
          response.statusCode(),
          "registry answered with a body that is not JSON: " + response.body());
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
