package io.learnpulse.xapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** xapi-emitter: LearnPulse events → xAPI statements → each opted-in tenant's LRS. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XapiEmitterApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(XapiEmitterApplication.class, args);
  }
}
