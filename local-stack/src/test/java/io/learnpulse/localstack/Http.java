package io.learnpulse.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON-over-HTTP client for driving the running stack the way a user would. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status and parsed JSON body (empty object when there is none). */
  record Answer(int status, JsonNode body, String raw) {}

  private Http() {}

  static Answer get(String url, String bearer) {
    return send(request(url, bearer).GET().build());
  }

  static Answer post(String url, String bearer, Object body) {
    return send(
        request(url, bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build());
  }

  /** A POST as a browser page on {@code origin} sends it. */
  static Answer post(String url, String bearer, Object body, String origin) {
    return send(
        request(url, bearer)
            .header("Content-Type", "application/json")
            .header("Origin", origin)
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build());
  }

  static Answer put(String url, String bearer, Object body) {
    return send(
        request(url, bearer)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json(body)))
            .build());
  }

  private static HttpRequest.Builder request(String url, String bearer) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  private static String json(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      String raw = response.body();
      JsonNode body;
      try {
        body = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
      } catch (IOException notJson) {
        body = JSON.createObjectNode().put("text", raw);
      }
      return new Answer(response.statusCode(), body, raw);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
