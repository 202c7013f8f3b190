package io.learnpulse.infra.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON client for the registry's REST API, built on the JDK's HttpClient. */
final class RegistryHttp {

  static final String V1 = "application/vnd.schemaregistry.v1+json";
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  RegistryHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A response: status, content type, raw body and the body parsed as JSON (or null). */
  record Reply(int status, String contentType, String body, JsonNode json) {
    int errorCode() {
      return json.path("error_code").asInt();
    }
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), V1);
  }

  Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE(), V1);
  }

  Reply post(String path, String body) {
    return post(path, body, V1);
  }

  Reply post(String path, String body, String contentType) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        contentType);
  }

  Reply put(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", V1)
            .PUT(HttpRequest.BodyPublishers.ofString(body)),
        V1);
  }

  Reply register(String subject, String schema) {
    return post("/subjects/" + subject + "/versions", schemaBody(schema));
  }

  static String schemaBody(String schema) {
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private Reply send(HttpRequest.Builder builder, String accept) {
    try {
      HttpResponse<String> response =
          client.send(
              builder.header("Accept", accept).timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException e) {
        json = null;
      }
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
