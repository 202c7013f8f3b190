package io.learnpulse.lmssync.bench;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.lmssync.LmsSyncApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/** The real service of a benchmark, on the embedded infrastructure, in this JVM. */
final class BenchService {

  private BenchService() {}

  /**
   * Starts {@link LmsSyncApplication} (dev profile, random ports, warnings-only logging) against
   * {@code infra}, with {@code settings} on top and each of {@code primary} registered as the
   * primary bean of its type (a benchmark's switch between the current and the former path, its
   * clock; null for none).
   */
  static ConfigurableApplicationContext start(
      Infrastructure infra, Map<String, Object> settings, Class<?>... primary) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("spring.datasource.url", infra.jdbcUrl());
    properties.put("spring.datasource.username", infra.jdbcUsername());
    properties.put("spring.datasource.password", infra.jdbcPassword());
    properties.put("spring.kafka.bootstrap-servers", infra.bootstrapServers());
    properties.put("learnpulse.lms-sync.schema-registry-url", infra.schemaRegistryUrl());
    properties.put("server.port", "0");
    properties.put("management.server.port", "0");
    properties.put(
        "logging.config",
        System.getProperty("bench.logback", "src/test/resources/benchmark-logback.xml"));
    properties.putAll(settings);
    // command-line arguments: they take precedence over the dev profile's defaults
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(LmsSyncApplication.class).profiles("dev");
    for (Class<?> type : primary == null ? new Class<?>[0] : primary) {
      builder.initializers(
          context ->
              ((GenericApplicationContext) context)
                  .registerBean(type, bean -> bean.setPrimary(true)));
    }
    return builder.run(args);
  }
}
