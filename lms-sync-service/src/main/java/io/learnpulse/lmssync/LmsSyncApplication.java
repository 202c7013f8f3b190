package io.learnpulse.lmssync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** lms-sync-service: SCORM state in PostgreSQL, launch, admin API, commits for the LMS bridge. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LmsSyncApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(LmsSyncApplication.class, args);
  }
}
