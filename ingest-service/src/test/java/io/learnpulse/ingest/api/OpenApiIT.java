package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.domain.PlayerEventReader;
import io.learnpulse.ingest.domain.Violation;
import io.learnpulse.ingest.problem.ProblemException;
import io.learnpulse.ingest.problem.Problems;
import io.learnpulse.ingest.support.SharedKafkaTest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The hand-written OpenAPI description served at {@code /v1/openapi.yaml} stays true: it documents
 * exactly the routes the router functions serve, every answer the player endpoints give, the event
 * types the service reads, the violation reasons and the problem types it writes.
 */
class OpenApiIT extends SharedKafkaTest {

  private static final Set<String> PLAYER_STATUSES =
      Set.of("202", "400", "401", "403", "413", "415", "422", "503");
  private static final Set<String> OPERATIONS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  @Autowired private ApplicationContext context;

  private JsonNode api;

  @BeforeEach
  void loadTheServedDescription() {
    String yaml =
        client
            .get()
            .uri("/v1/openapi.yaml")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    api = new YAMLMapper().readTree(yaml);
  }

  @Test
  void isAnOpenApi31Description() {
    assertThat(api.path("openapi").asString()).startsWith("3.1.");
    assertThat(api.path("info").path("title").asString()).isNotBlank();
  }

  @Test
  void documentsExactlyTheRoutesTheRouterFunctionsServe() {
    Set<String> served = servedRoutes();
    // Boot's own health paths on the service port (application.yml, ADR 32), not router functions;
    // ManagementPortIT checks that they answer.
    served.addAll(List.of("GET /healthz", "GET /livez", "GET /readyz"));
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (OPERATIONS.contains(operation.getKey()) && !operation.getKey().equals("options")) {
          documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }

    assertThat(served)
        .containsExactlyInAnyOrder(
            "POST /v1/sessions/{sessionId}/events",
            "POST /v1/sessions/{sessionId}/heartbeats",
            "POST /v1/sessions/{sessionId}/beacon",
            "POST /v1/sessions/{sessionId}/end",
            "GET /v1/openapi.yaml",
            "GET /healthz",
            "GET /livez",
            "GET /readyz");
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void documentsEveryAnswerOfThePlayerEndpointsAndTheirPreflights() {
    for (String endpoint : List.of("events", "heartbeats", "beacon", "end")) {
      JsonNode path = api.path("paths").path("/v1/sessions/{sessionId}/" + endpoint);
      assertThat(names(path.path("post").path("responses")))
          .as("answers of POST %s", endpoint)
          .isEqualTo(PLAYER_STATUSES);
      for (String status : PLAYER_STATUSES) {
        JsonNode response = resolve(path.path("post").path("responses").path(status));
        String mediaType = status.equals("202") ? "application/json" : "application/problem+json";
        assertThat(names(response.path("content")))
            .as("media type of %s %s", endpoint, status)
            .containsExactly(mediaType);
        if (!status.equals("202")) {
          assertThat(
                  response.path("content").path(mediaType).path("schema").path("$ref").asString())
              .isEqualTo("#/components/schemas/Problem");
        }
      }
      assertThat(names(resolve(path.path("post").path("responses").path("503")).path("headers")))
          .contains("Retry-After");
      assertThat(names(path.path("options").path("responses"))).containsExactly("204");
    }
  }

  @Test
  void documentsTheEventTypesTheServiceReads() {
    JsonNode types =
        api.path("components").path("schemas").path("EventHeader").path("properties").path("type");
    JsonNode mapping =
        api.path("components").path("schemas").path("Event").path("discriminator").path("mapping");

    assertThat(strings(types.path("enum"))).isEqualTo(PlayerEventReader.TYPES);
    assertThat(names(mapping)).isEqualTo(PlayerEventReader.TYPES);
  }

  @Test
  void documentsTheViolationReasonsAndProblemTypesTheServiceWrites() throws Exception {
    JsonNode problem = api.path("components").path("schemas").path("Problem").path("properties");
    Set<String> reasons =
        Arrays.stream(Violation.Reason.values())
            .map(r -> r.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());

    assertThat(
            strings(
                problem
                    .path("errors")
                    .path("items")
                    .path("properties")
                    .path("reason")
                    .path("enum")))
        .isEqualTo(reasons);
    assertThat(strings(problem.path("type").path("enum"))).isEqualTo(problemTypes());
  }

  /** Every problem type {@link Problems} can produce, by calling each of its factories. */
  private static Set<String> problemTypes() throws Exception {
    Set<String> types = new TreeSet<>();
    for (Method factory : Problems.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(factory.getModifiers())
          || factory.getReturnType() != ProblemException.class
          || factory.getName().equals("forStatus")) {
        continue;
      }
      Object[] arguments =
          Arrays.stream(factory.getParameterTypes()).map(OpenApiIT::sample).toArray();
      types.add(
          ((ProblemException) factory.invoke(null, arguments)).getBody().getType().toString());
    }
    return types;
  }

  private static Object sample(Class<?> type) {
    if (type == String.class) {
      return "x";
    }
    if (type == Duration.class) {
      return Duration.ofSeconds(1);
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    throw new IllegalArgumentException("no sample for " + type);
  }

  /** {@code METHOD /pattern} of every route of every router function bean. */
  @SuppressWarnings("rawtypes")
  private Set<String> servedRoutes() {
    Set<String> routes = new TreeSet<>();
    for (RouterFunction<?> router : context.getBeansOfType(RouterFunction.class).values()) {
      router.accept(
          new RouterFunctions.Visitor() {
            @Override
            public void startNested(RequestPredicate predicate) {
              throw new AssertionError("nested routes are not expected: " + predicate);
            }

            @Override
            public void endNested(RequestPredicate predicate) {}

            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
              routes.add(describe(predicate));
            }

            @Override
            public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
              throw new AssertionError("resource routes are not expected");
            }

            @Override
            public void attributes(Map<String, Object> attributes) {}

            @Override
            public void unknown(RouterFunction<?> routerFunction) {
              throw new AssertionError("unknown router function " + routerFunction);
            }
          });
    }
    return routes;
  }

  private static String describe(RequestPredicate predicate) {
    List<String> methods = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    predicate.accept(
        new RequestPredicates.Visitor() {
          @Override
          public void method(Set<HttpMethod> method) {
            method.forEach(m -> methods.add(m.name()));
          }

          @Override
          public void path(String pattern) {
            paths.add(pattern);
          }

          @Override
          public void pathExtension(String extension) {
            throw new AssertionError("unexpected path extension predicate");
          }

          @Override
          public void header(String name, String value) {}

          @Override
          public void queryParam(String name, String value) {}

          @Override
          public void version(String version) {}

          @Override
          public void startAnd() {}

          @Override
          public void and() {}

          @Override
          public void endAnd() {}

          @Override
          public void startOr() {
            throw new AssertionError("unexpected or predicate");
          }

          @Override
          public void or() {}

          @Override
          public void endOr() {}

          @Override
          public void startNegate() {
            throw new AssertionError("unexpected negated predicate");
          }

          @Override
          public void endNegate() {}

          @Override
          public void unknown(RequestPredicate unknown) {
            throw new AssertionError("unknown predicate " + unknown);
          }
        });
    assertThat(methods).hasSize(1);
    assertThat(paths).hasSize(1);
    return methods.get(0) + " " + paths.get(0);
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asString("");
    if (ref.isEmpty()) {
      return node;
    }
    JsonNode target = api;
    for (String part : ref.substring(2).split("/")) {
      target = target.path(part);
    }
    assertThat(target.isMissingNode()).as("target of %s", ref).isFalse();
    return target;
  }

  private static Set<String> names(JsonNode object) {
    return object.properties().stream()
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
