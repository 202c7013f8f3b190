package io.learnpulse.infra.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.learnpulse.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Confluent Schema Registry REST requests onto a {@link SchemaRegistry}.
 *
 * <p>Responses use {@code application/vnd.schemaregistry.v1+json}; errors are {@code
 * {"error_code":N,"message":"..."}} with the HTTP status taken from the code's first three digits.
 */
final class RegistryHttpHandler implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);
  private static final Set<String> ACCEPTED_REQUEST_TYPES =
      Set.of(
          "application/vnd.schemaregistry.v1+json",
          "application/vnd.schemaregistry+json",
          "application/json",
          "application/octet-stream");
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final String READWRITE = "READWRITE";

  private final SchemaRegistry registry;
  private final ObjectMapper json = new ObjectMapper();

  RegistryHttpHandler(SchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Response response;
      try {
        response = route(new Request(exchange));
      } catch (HttpError e) {
        response = error(e.status, e.errorCode, e.getMessage());
      } catch (SchemaRegistryException e) {
        if (e.errorCode() == SchemaRegistryException.STORE_ERROR) {
          log.error("Schema store failed", e);
        }
        response = error(e.httpStatus(), e.errorCode(), e.getMessage());
      } catch (RuntimeException e) {
        log.error(
            "Unexpected error on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = error(500, 50001, "Error in the backend data store: " + e);
      }
      send(exchange, response);
    }
  }

  private Response route(Request request) {
    List<String> p = request.segments;
    String method = request.method;
    int n = p.size();
    if (n == 0) {
      requireMethod(request, "GET");
      return ok(json.createObjectNode());
    }
    switch (p.get(0)) {
      case "subjects":
        if (n == 1) {
          requireMethod(request, "GET");
          return ok(strings(registry.subjects(request.flag("deleted"))));
        }
        String subject = p.get(1);
        if (n == 2) {
          requireMethod(request, "POST", "DELETE");
          if (method.equals("POST")) {
            return ok(registeredJson(registry.lookup(subject, schemaOf(request))));
          }
          return ok(numbers(registry.deleteSubject(subject)));
        }
        if (!p.get(2).equals("versions") || n > 5) {
          throw notFound();
        }
        if (n == 3) {
          requireMethod(request, "GET", "POST");
          if (method.equals("POST")) {
            ObjectNode body = json.createObjectNode();
            body.put("id", registry.register(subject, schemaOf(request)));
            return ok(body);
          }
          return ok(numbers(registry.versions(subject)));
        }
        if (n == 4) {
          requireMethod(request, "GET");
          return ok(registeredJson(registry.version(subject, p.get(3))));
        }
        if (!p.get(4).equals("schema")) {
          throw notFound();
        }
        requireMethod(request, "GET");
        return new Response(200, registry.version(subject, p.get(3)).schema());
      case "schemas":
        if (n == 2 && p.get(1).equals("types")) {
          requireMethod(request, "GET");
          return ok(strings(List.of("AVRO")));
        }
        if (n < 3 || n > 4 || !p.get(1).equals("ids")) {
          throw notFound();
        }
        requireMethod(request, "GET");
        int id = schemaId(p.get(2));
        if (n == 3) {
          ObjectNode body = json.createObjectNode();
          body.put("schema", registry.schemaById(id));
          return ok(body);
        }
        if (p.get(3).equals("schema")) {
          return new Response(200, registry.schemaById(id));
        }
        if (p.get(3).equals("subjects")) {
          // The subjects with a live version of this schema, each once, in registry order.
          return ok(
              strings(
                  registry.subjectVersionsById(id).stream()
                      .map(SubjectVersion::subject)
                      .distinct()
                      .toList()));
        }
        if (!p.get(3).equals("versions")) {
          throw notFound();
        }
        ArrayNode versions = json.createArrayNode();
        for (SubjectVersion sv : registry.subjectVersionsById(id)) {
          versions.addObject().put("subject", sv.subject()).put("version", sv.version());
        }
        return ok(versions);
      case "compatibility":
        if (n < 4 || n > 5 || !p.get(1).equals("subjects") || !p.get(3).equals("versions")) {
          throw notFound();
        }
        requireMethod(request, "POST");
        // Without a version, as Confluent: the versions the subject's level names (the latest one,
        // every one when transitive); a subject without versions accepts anything.
        CompatibilityResult result =
            registry.testCompatibility(p.get(2), n == 5 ? p.get(4) : "latest", schemaOf(request));
        ObjectNode body = json.createObjectNode();
        body.put("is_compatible", result.compatible());
        if (request.flag("verbose")) {
          body.set("messages", strings(result.messages()));
        }
        return ok(body);
      case "config":
        if (n > 2) {
          throw notFound();
        }
        return n == 1 ? globalConfig(request) : subjectConfig(request, p.get(1));
      case "mode":
        if (n > 2) {
          throw notFound();
        }
        return mode(request, n == 2 ? p.get(1) : null);
      case "contexts":
        if (n > 1) {
          throw notFound();
        }
        requireMethod(request, "GET");
        // One registry, no schema contexts: only Confluent's default context ".".
        return ok(strings(List.of(".")));
      default:
        throw notFound();
    }
  }

  /**
   * {@code /mode} and {@code /mode/{subject}}: this registry is always {@code READWRITE} (no import
   * or read-only mode); setting {@code READWRITE} is accepted, any other mode refused. A subject
   * has no mode of its own: 40409 unless {@code defaultToGlobal=true}, as Confluent answers.
   */
  private Response mode(Request request, String subject) {
    requireMethod(request, "GET", "PUT");
    if (request.method.equals("PUT")) {
      JsonNode mode = request.jsonBody().get("mode");
      String name = mode == null || !mode.isTextual() ? null : mode.asText();
      if (!READWRITE.equals(name)) {
        throw SchemaRegistryException.invalidMode(name);
      }
      return ok(json.createObjectNode().put("mode", READWRITE));
    }
    if (subject != null && !request.flag("defaultToGlobal")) {
      throw SchemaRegistryException.subjectLevelModeNotFound(subject);
    }
    return ok(json.createObjectNode().put("mode", READWRITE));
  }

  private Response globalConfig(Request request) {
    requireMethod(request, "GET", "PUT");
    if (request.method.equals("PUT")) {
      CompatibilityLevel level = levelOf(request);
      registry.setGlobalCompatibility(level);
      return ok(json.createObjectNode().put("compatibility", level.name()));
    }
    return ok(
        json.createObjectNode().put("compatibilityLevel", registry.globalCompatibility().name()));
  }

  private Response subjectConfig(Request request, String subject) {
    requireMethod(request, "GET", "PUT", "DELETE");
    switch (request.method) {
      case "PUT":
        CompatibilityLevel level = levelOf(request);
        registry.setSubjectCompatibility(subject, level);
        return ok(json.createObjectNode().put("compatibility", level.name()));
      case "DELETE":
        return ok(
            json.createObjectNode()
                .put("compatibilityLevel", registry.deleteSubjectCompatibility(subject).name()));
      default:
        CompatibilityLevel own =
            registry
                .subjectCompatibility(subject)
                .orElseGet(
                    () -> {
                      if (request.flag("defaultToGlobal")) {
                        return registry.globalCompatibility();
                      }
                      throw SchemaRegistryException.subjectLevelConfigNotFound(subject);
                    });
        return ok(json.createObjectNode().put("compatibilityLevel", own.name()));
    }
  }

  private String schemaOf(Request request) {
    JsonNode body = request.jsonBody();
    JsonNode type = body.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
      throw SchemaRegistryException.invalidSchema(
          "schema type " + type.asText() + " is not supported, only AVRO", null);
    }
    JsonNode references = body.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw SchemaRegistryException.invalidSchema("schema references are not supported", null);
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
      throw SchemaRegistryException.invalidSchema(
          "the request has no \"schema\" string field", null);
    }
    return schema.asText();
  }

  private CompatibilityLevel levelOf(Request request) {
    JsonNode level = request.jsonBody().get("compatibility");
    return SchemaRegistry.parseLevel(level == null || !level.isTextual() ? null : level.asText());
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw SchemaRegistryException.schemaNotFound(text);
    }
  }

  private ObjectNode registeredJson(RegisteredSchema schema) {
    return json.createObjectNode()
        .put("subject", schema.subject())
        .put("version", schema.version())
        .put("id", schema.id())
        .put("schema", schema.schema());
  }

  private ArrayNode strings(List<String> values) {
    ArrayNode array = json.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private ArrayNode numbers(List<Integer> values) {
    ArrayNode array = json.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private Response ok(JsonNode body) {
    return new Response(200, write(body));
  }

  private Response error(int status, int errorCode, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error_code", errorCode);
    body.put("message", message);
    return new Response(status, write(body));
  }

  private String write(JsonNode node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireMethod(Request request, String... methods) {
    for (String method : methods) {
      if (method.equals(request.method)) {
        return;
      }
    }
    throw new HttpError(405, 405, "HTTP 405 Method Not Allowed");
  }

  private static HttpError notFound() {
    return new HttpError(404, 404, "HTTP 404 Not Found");
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = response.body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(response.status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A status and a body. */
  private record Response(int status, String body) {}

  /** An HTTP-level error that is not a registry error. */
  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int errorCode;

    HttpError(int status, int errorCode, String message) {
      super(message);
      this.status = status;
      this.errorCode = errorCode;
    }
  }

  /** The parts of a request the routes need. */
  private final class Request {
    final String method;
    final List<String> segments = new ArrayList<>();
    final Map<String, String> query = new HashMap<>();
    private final HttpExchange exchange;

    Request(HttpExchange exchange) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String rawPath = exchange.getRequestURI().getRawPath();
      for (String segment : rawPath.split("/")) {
        if (!segment.isEmpty()) {
          segments.add(decode(segment));
        }
      }
      String rawQuery = exchange.getRequestURI().getRawQuery();
      if (rawQuery != null) {
        for (String pair : rawQuery.split("&")) {
          int eq = pair.indexOf('=');
          String key = decode(eq < 0 ? pair : pair.substring(0, eq));
          query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
      }
    }

    boolean flag(String name) {
      String value = query.get(name);
      return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
    }

    JsonNode jsonBody() {
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.isEmpty() && !ACCEPTED_REQUEST_TYPES.contains(mediaType)) {
          throw new HttpError(415, 415, "HTTP 415 Unsupported Media Type: " + mediaType);
        }
      }
      byte[] bytes;
      try (InputStream in = exchange.getRequestBody()) {
        bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      } catch (IOException e) {
        throw new HttpError(400, 400, "Could not read the request body: " + e.getMessage());
      }
      if (bytes.length > MAX_BODY_BYTES) {
        throw new HttpError(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
      }
      JsonNode body;
      try {
        body = json.readTree(bytes);
      } catch (JsonProcessingException e) {
        throw new HttpError(400, 400, "Malformed JSON request body: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new HttpError(400, 400, "Unreadable request body: " + e.getMessage());
      }
      if (body == null || !body.isObject()) {
        throw new HttpError(400, 400, "Malformed request body: a JSON object is expected");
      }
      return body;
    }

    private static String decode(String text) {
      // Path and query text is percent-encoded; a '+' stays a '+' in paths, so protect it.
      try {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, 400, "Malformed percent-encoding in " + text);
      }
    }
  }
}
