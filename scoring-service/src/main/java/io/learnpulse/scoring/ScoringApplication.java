package io.learnpulse.scoring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** scoring-service: challenge events and assignment policies become topic status. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScoringApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(ScoringApplication.class, args);
  }
}
