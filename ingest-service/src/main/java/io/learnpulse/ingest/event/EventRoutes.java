package io.learnpulse.ingest.event;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes of the event endpoints. */
@Configuration(proxyBeanMethods = false)
class EventRoutes {

  @Bean
  RouterFunction<ServerResponse> eventEndpoints(EventHandler handler) {
    return RouterFunctions.route()
        .POST("/v1/sessions/{sessionId}/events", handler::events)
        .POST("/v1/sessions/{sessionId}/beacon", handler::beacon)
        .build();
  }
}
