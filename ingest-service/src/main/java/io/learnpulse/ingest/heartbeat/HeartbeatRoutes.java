package io.learnpulse.ingest.heartbeat;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Route of the heartbeat endpoint. */
@Configuration(proxyBeanMethods = false)
class HeartbeatRoutes {

  @Bean
  RouterFunction<ServerResponse> heartbeatEndpoints(HeartbeatHandler handler) {
    return RouterFunctions.route()
        .POST("/v1/sessions/{sessionId}/heartbeats", handler::heartbeat)
        .build();
  }
}
