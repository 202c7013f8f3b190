package io.learnpulse.lmssync.bridge;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cross-origin access for the bridge, which runs in the LMS's origin: launch, the commit stream and
 * acknowledgements, and the summary. Any origin may call them because they carry no cookies: each
 * call is authorized by the descriptor or the bridge token it carries. The admin API gets no CORS.
 */
@Configuration(proxyBeanMethods = false)
class BridgeCors implements WebMvcConfigurer {

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    for (String path : new String[] {"/v1/launch", "/v1/sessions/**", "/v1/registrations/**"}) {
      registry
          .addMapping(path)
          .allowedOriginPatterns("*")
          .allowedMethods("GET", "POST")
          .allowedHeaders("Authorization", "Content-Type", "Last-Event-ID", "Cache-Control")
          .allowCredentials(false)
          .maxAge(3600);
    }
  }
}
