package io.learnpulse.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.scoring.ScoringProperties.ProcessingGuarantee;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ScoringPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ScoringProperties.class)
  static class Properties {}

  /** The settings without a default (required outside the dev profile: ADR 23). */
  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(Properties.class)
          .withPropertyValues(
              "learnpulse.scoring.schema-registry-url=http://registry.example:8081",
              "learnpulse.scoring.advertised-host=10.0.0.7");

  @Test
  void defaultsAreExactlyOnceWithRegistrationAtDeployment() {
    context.run(
        c -> {
          ScoringProperties properties = c.getBean(ScoringProperties.class);
          assertThat(properties.processingGuarantee())
              .isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
          assertThat(properties.processingGuarantee().config()).isEqualTo("exactly_once_v2");
          assertThat(properties.autoRegisterSchemas()).isFalse();
          assertThat(properties.applicationId()).isEqualTo("learnpulse-scoring");
          assertThat(properties.commitInterval()).isEqualTo(Duration.ofMillis(100));
          assertThat(properties.streamThreads()).isEqualTo(2);
          assertThat(properties.schemaRegistryUrl()).isEqualTo("http://registry.example:8081");
          assertThat(properties.advertisedHost()).isEqualTo("10.0.0.7");
        });
  }

  @Test
  void hasNoLoopbackDefaultsForWhatProductionMustSet() {
    new ApplicationContextRunner()
        .withUserConfiguration(Properties.class)
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("schemaRegistryUrl")
                    .hasMessageContaining("advertisedHost"));
  }

  @Test
  void bindsKafkaStyleValues() {
    context
        .withPropertyValues(
            "learnpulse.scoring.processing-guarantee=at_least_once",
            "learnpulse.scoring.commit-interval=1s",
            "learnpulse.scoring.state-dir=/var/lib/scoring",
            "learnpulse.scoring.auto-register-schemas=true",
            "learnpulse.scoring.stream-threads=3")
        .run(
            c -> {
              ScoringProperties properties = c.getBean(ScoringProperties.class);
              assertThat(properties.processingGuarantee())
                  .isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
              assertThat(properties.commitInterval()).isEqualTo(Duration.ofSeconds(1));
              assertThat(properties.stateDir()).isEqualTo(Path.of("/var/lib/scoring"));
              assertThat(properties.autoRegisterSchemas()).isTrue();
              assertThat(properties.streamThreads()).isEqualTo(3);
            });
  }

  @Test
  void refusesZeroStreamThreads() {
    context
        .withPropertyValues("learnpulse.scoring.stream-threads=0")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("streamThreads"));
  }

  @Test
  void rejectsBlankApplicationIdAndZeroCommitInterval() {
    context
        .withPropertyValues(
            "learnpulse.scoring.application-id= ", "learnpulse.scoring.commit-interval=0ms")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("applicationId")
                    .hasMessageContaining("commitInterval"));
  }

  @Test
  void rejectsUnknownProcessingGuarantee() {
    context
        .withPropertyValues("learnpulse.scoring.processing-guarantee=exactly_once")
        .run(c -> assertThat(c.getStartupFailure()).isNotNull());
  }
}
