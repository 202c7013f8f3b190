package io.learnpulse.ingest.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /v1/openapi.yaml}: the hand-written OpenAPI 3.1 description of the player API ({@code
 * static/openapi.yaml}), served without a token. {@code OpenApiIT} keeps it in step with the
 * routes.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiRoutes {

  /** Where the description is served. */
  static final String PATH = "/v1/openapi.yaml";

  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  @Bean
  RouterFunction<ServerResponse> openApiEndpoint() {
    byte[] description = read("static/openapi.yaml");
    return RouterFunctions.route()
        .GET(
            PATH,
            request ->
                ServerResponse.ok()
                    .contentType(YAML)
                    .cacheControl(CacheControl.noCache())
                    .bodyValue(description))
        .build();
  }

  private static byte[] read(String resource) {
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
