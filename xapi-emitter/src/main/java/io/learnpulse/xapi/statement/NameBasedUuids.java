package io.learnpulse.xapi.statement;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs, version 5 (SHA-1), as defined by RFC 9562 section 5.5: the same namespace and
 * name always give the same UUID, which is what makes re-sending a statement idempotent.
 */
public final class NameBasedUuids {

  /** Namespace of every UUID LearnPulse derives for xAPI (a fixed, randomly drawn UUID). */
  public static final UUID LEARNPULSE_XAPI =
      UUID.fromString("6f1c2a8e-3d4b-4c5e-9a7f-1b2c3d4e5f60");

  private NameBasedUuids() {}

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

  /** Id of the statement of {@code kind} made from the source fact {@code sourceId}. */
  public static UUID statementId(UUID sourceId, StatementKind kind) {
    return v5(LEARNPULSE_XAPI, "statement:" + sourceId + ":" + kind.name());
  }

  /** The xAPI registration of a LearnPulse registration. */
  public static UUID registration(UUID registrationId) {
    return v5(LEARNPULSE_XAPI, "registration:" + registrationId);
  }
}
