package io.learnpulse.console;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the admin console in any Spring MVC application that has this jar: the bundle is in {@code
 * META-INF/resources/console/} (Spring's default static locations), {@code /console} and {@code
 * /console/} show its {@code index.html}, and {@code /console/config.json} tells it which OpenID
 * Connect issuer and client id to sign in with.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleAutoConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }

  /** The console's sign-in settings. */
  @RestController
  static class ConfigController {

    private final ConsoleProperties properties;
    private final Environment environment;

    ConfigController(ConsoleProperties properties, Environment environment) {
      this.properties = properties;
      this.environment = environment;
    }

    @GetMapping(path = "/console/config.json", produces = "application/json")
    ResponseEntity<Map<String, String>> config() {
      String issuer =
          properties.issuerUri() != null && !properties.issuerUri().isBlank()
              ? properties.issuerUri()
              : environment.getProperty("learnpulse.lms-sync.admin.issuer-uri", "");
      Map<String, String> body = new LinkedHashMap<>();
      body.put("issuer", issuer);
      body.put("clientId", properties.clientId());
      body.put("scope", properties.scope());
      return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
  }

  @Bean
  ConfigController consoleConfigController(ConsoleProperties properties, Environment environment) {
    return new ConfigController(properties, environment);
  }
}
