package io.learnpulse.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside its trusted list ({@code SecurityException:
 * Forbidden ...}). This adds LearnPulse's generated contract package to the JVM-wide list once,
 * keeping whatever was trusted before.
 */
public final class AvroTrust {

  /** Package of the generated contract classes. */
  public static final String CONTRACT_PACKAGE = "io.learnpulse.events.";

  private static boolean installed;

  private AvroTrust() {}

  /** Trusts the contract package; idempotent. */
  public static synchronized void trustContracts() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            previous, type -> type.getName().startsWith(CONTRACT_PACKAGE)));
    installed = true;
  }
}
