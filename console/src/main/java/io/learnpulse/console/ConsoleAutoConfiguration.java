package io.learnpulse.console;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the admin console in any Spring MVC application that has this jar: the bundle is in {@code
 * META-INF/resources/console/} (Spring's default static locations), {@code /console} and {@code
 * /console/} show its {@code index.html}, and {@code /console/config.json} ({@link
 * ConsoleConfigController}) tells it which OpenID Connect issuer and client id to sign in with.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ConsoleProperties.class)
@Import(ConsoleConfigController.class)
public class ConsoleAutoConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }
}
