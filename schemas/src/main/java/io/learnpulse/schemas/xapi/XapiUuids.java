package io.learnpulse.schemas.xapi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The UUIDs LearnPulse derives for xAPI, in one place for the service that writes statements
 * (xapi-emitter) and the one that reads them back from a tenant's LRS (lms-sync-service):
 * name-based UUIDs, version 5 (SHA-1, RFC 9562 section 5.5), so the same namespace and name always
 * give the same UUID — what makes re-sending a statement idempotent and lets a registration's
 * statements be found again. Plain Java, no dependencies.
 */
public final class XapiUuids {

  /** Namespace of every UUID LearnPulse derives for xAPI (a fixed, randomly drawn UUID). */
  public static final UUID LEARNPULSE_XAPI =
      UUID.fromString("6f1c2a8e-3d4b-4c5e-9a7f-1b2c3d4e5f60");

  private XapiUuids() {}

  /** The version 5 UUID of {@code name} (UTF-8) in {@code namespace}. */
  public static UUID v5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
    sha1.update(
        ByteBuffer.allocate(16)
            .putLong(namespace.getMostSignificantBits())
            .putLong(namespace.getLeastSignificantBits())
            .array());
    sha1.update(name.getBytes(StandardCharsets.UTF_8));
    ByteBuffer hash = ByteBuffer.wrap(sha1.digest());
    long msb = hash.getLong();
    long lsb = hash.getLong();
    msb = (msb & ~0xF000L) | 0x5000L; // version 5
    lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb);
  }

  /** A UUID v5 in {@link #LEARNPULSE_XAPI} of {@code name}. */
  public static UUID of(String name) {
    return v5(LEARNPULSE_XAPI, name);
  }

  /**
   * The xAPI {@code context.registration} of a LearnPulse registration (one attempt, ADR 19): the
   * UUID v5 of {@code registration:<registration id>}.
   */
  public static UUID registration(UUID registrationId) {
    return of("registration:" + registrationId);
  }
}
