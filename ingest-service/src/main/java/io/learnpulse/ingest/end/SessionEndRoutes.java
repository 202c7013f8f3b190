package io.learnpulse.ingest.end;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Route of the end-of-session endpoint. */
@Configuration(proxyBeanMethods = false)
class SessionEndRoutes {

  @Bean
  RouterFunction<ServerResponse> sessionEndEndpoint(SessionEndHandler handler) {
    return RouterFunctions.route().POST("/v1/sessions/{sessionId}/end", handler::end).build();
  }
}
