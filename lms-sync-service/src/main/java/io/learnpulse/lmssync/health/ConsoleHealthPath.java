package io.learnpulse.lmssync.health;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin console's Health screen reads this service's status at {@code /actuator/health} on the
 * port that serves the console: forwarded to {@code /healthz}, the status only (ADR 32). The rest
 * of actuator stays on the management port. Delete this once the console reads {@code /healthz}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleHealthPath implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/actuator/health").setViewName("forward:/healthz");
  }
}
