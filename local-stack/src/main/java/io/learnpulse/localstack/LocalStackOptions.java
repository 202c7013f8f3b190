package io.learnpulse.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * What the local stack runs and where.
 *
 * @param dataDir everything the stack stores: broker logs, database, service state, logs
 * @param servicesDir the services' executable jars ({@code <service>.jar})
 * @param ports the ports to bind on 127.0.0.1
 * @param simulate simulated learners to run once the stack is up (0 = none)
 * @param c2 run the services with full tiered compilation (C2, as in production) instead of C1 only
 */
public record LocalStackOptions(
    Path dataDir, Path servicesDir, Ports ports, int simulate, boolean c2) {

  /**
   * Ports of every component.
   *
   * @param kafka broker listener
   * @param controller KRaft controller listener
   * @param registry schema registry
   * @param postgres PostgreSQL
   * @param ingest ingest-service
   * @param scoring scoring-service
   * @param lmsSync lms-sync-service
   * @param xapi xapi-emitter
   * @param oidc development OpenID Connect issuer of admin tokens
   * @param xapiManagement xapi-emitter's actuator (management) port
   * @param lmsSyncManagement lms-sync-service's actuator (management) port
   * @param ingestManagement ingest-service's actuator (management) port
   * @param scoringManagement scoring-service's actuator (management) port
   * @param demo the demo LMS and demo player (static pages served by the local stack)
   */
  public record Ports(
      int kafka,
      int controller,
      int registry,
      int postgres,
      int ingest,
      int scoring,
      int lmsSync,
      int xapi,
      int oidc,
      int xapiManagement,
      int lmsSyncManagement,
      int demo,
      int ingestManagement,
      int scoringManagement) {

    /** The documented fixed ports (README). */
    static Ports defaults() {
      return new Ports(
          9092, 9093, 8081, 55432, 8080, 8082, 8083, 8084, 8086, 9084, 9083, 8087, 9080, 9082);
    }
  }

  /**
   * Parses {@code --data-dir DIR}, {@code --services DIR}, {@code --port-offset N}, {@code
   * --simulate N} and {@code --c2}.
   */
  public static LocalStackOptions parse(String... args) {
    Path dataDir = Path.of("local-stack-data");
    Path services = Path.of("local-stack", "target", "services");
    int offset = 0;
    int simulate = 0;
    boolean c2 = false;
    Iterator<String> it = Arrays.asList(args).iterator();
    while (it.hasNext()) {
      String arg = it.next();
      switch (arg) {
        case "--data-dir" -> dataDir = Path.of(value(arg, it));
        case "--services" -> services = Path.of(value(arg, it));
        case "--port-offset" -> offset = Integer.parseInt(value(arg, it));
        case "--simulate" -> simulate = Integer.parseInt(value(arg, it));
        case "--c2" -> c2 = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + arg
                    + "; usage: local-stack [--data-dir DIR] [--services DIR] [--port-offset N] [--simulate N] [--c2]");
      }
    }
    Ports p = Ports.defaults();
    Ports ports =
        new Ports(
            p.kafka() + offset,
            p.controller() + offset,
            p.registry() + offset,
            p.postgres() + offset,
            p.ingest() + offset,
            p.scoring() + offset,
            p.lmsSync() + offset,
            p.xapi() + offset,
            p.oidc() + offset,
            p.xapiManagement() + offset,
            p.lmsSyncManagement() + offset,
            p.demo() + offset,
            p.ingestManagement() + offset,
            p.scoringManagement() + offset);
    if (simulate < 0) {
      throw new IllegalArgumentException("--simulate needs a number of learners >= 0");
    }
    return new LocalStackOptions(
        dataDir.toAbsolutePath().normalize(),
        services.toAbsolutePath().normalize(),
        ports,
        simulate,
        c2);
  }

  private static String value(String option, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return it.next();
  }
}
