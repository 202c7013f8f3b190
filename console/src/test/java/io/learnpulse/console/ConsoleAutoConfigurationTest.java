package io.learnpulse.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class ConsoleAutoConfigurationTest {

  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ConsoleAutoConfiguration.class));

  @Test
  void signsInWithTheAdminApisIssuerUnlessTheConsoleHasItsOwn() {
    web.withPropertyValues("learnpulse.lms-sync.admin.issuer-uri=http://127.0.0.1:8086")
        .run(
            context ->
                assertThat(context.getBean(ConsoleConfigController.class).config().getBody())
                    .containsEntry("issuer", "http://127.0.0.1:8086")
                    .containsEntry("clientId", "learnpulse-console")
                    .containsEntry("scope", "openid"));
    web.withPropertyValues(
            "learnpulse.lms-sync.admin.issuer-uri=http://127.0.0.1:8086",
            "learnpulse.console.issuer-uri=https://login.example/realms/acme",
            "learnpulse.console.client-id=acme-console")
        .run(
            context ->
                assertThat(context.getBean(ConsoleConfigController.class).config().getBody())
                    .containsEntry("issuer", "https://login.example/realms/acme")
                    .containsEntry("clientId", "acme-console"));
  }

  @Test
  void staysOutOfApplicationsThatAreNotServletWebApplications() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConsoleAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(ConsoleConfigController.class));
  }
}
