package io.learnpulse.ingest;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** ingest-service: the player API that turns heartbeats and checkpoints into Avro events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

  /** The clock that stamps received-at times and bounds occurred-at times. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(IngestApplication.class, args);
  }
}
