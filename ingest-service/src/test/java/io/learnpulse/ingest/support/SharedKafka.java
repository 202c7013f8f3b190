package io.learnpulse.ingest.support;

import io.learnpulse.infra.Infrastructure;

/**
 * The shared broker and registry of this test JVM ({@link Infrastructure#shared()}) made ready the
 * way a deployment makes production ready: the catalog's topics exist and every catalog schema is
 * registered, so the service runs with auto-registration off as it does in production.
 */
public final class SharedKafka {

  private static boolean prepared;

  private SharedKafka() {}

  /** The shared infrastructure, with topics and schemas in place (done once per JVM). */
  public static synchronized Infrastructure prepared() {
    Infrastructure infrastructure = Infrastructure.shared();
    if (!prepared) {
      infrastructure.prepareCatalog();
      prepared = true;
    }
    return infrastructure;
  }
}
