package io.learnpulse.lmssync.bridge;

import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Cross-origin access for the bridge, which runs in the LMS's origin: launch, the commit stream and
 * acknowledgements, and the summary. Any origin may call them because they carry no cookies: each
 * call is authorized by the descriptor or the bridge token it carries. The admin API gets no CORS.
 *
 * <p>A servlet filter ahead of lms-sync's own (not Spring MVC's CORS mapping), so that answers
 * given before MVC, the body limit's 413 and the database admission's 503 (ADR 42), carry the CORS
 * headers too: without them the browser hides the answer and the bridge sees a network error.
 * {@code Retry-After} is exposed so that the bridge waits as long as lms-sync asks.
 */
@Configuration(proxyBeanMethods = false)
class BridgeCors {

  static final List<String> PATHS =
      List.of("/v1/launch", "/v1/sessions/**", "/v1/registrations/**");

  @Bean
  FilterRegistrationBean<CorsFilter> bridgeCorsFilter() {
    CorsConfiguration bridge = new CorsConfiguration();
    bridge.setAllowedOriginPatterns(List.of("*"));
    bridge.setAllowedMethods(List.of("GET", "POST"));
    bridge.setAllowedHeaders(
        List.of("Authorization", "Content-Type", "Last-Event-ID", "Cache-Control"));
    bridge.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER));
    bridge.setAllowCredentials(false);
    bridge.setMaxAge(3600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    PATHS.forEach(path -> source.registerCorsConfiguration(path, bridge));
    FilterRegistrationBean<CorsFilter> registration =
        new FilterRegistrationBean<>(new CorsFilter(source));
    registration.setName("bridgeCorsFilter");
    // after the request observation (HIGHEST_PRECEDENCE + 1), before the body limit (+ 20)
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
