package io.learnpulse.infra.registry;

import io.learnpulse.schemas.registry.CompatibilityLevel;
import java.util.Objects;

/** A change to the registry's state, as written to and replayed from a {@link SchemaLog}. */
public sealed interface SchemaLogRecord {

  /**
   * A new version of a subject.
   *
   * @param subject the subject
   * @param version the new version
   * @param id the global id of the schema
   * @param schema the schema text
   */
  record SchemaRegistered(String subject, int version, int id, String schema)
      implements SchemaLogRecord {
    /** Checks the fields. */
    public SchemaRegistered {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /**
   * A soft delete of every version of a subject up to and including {@code upToVersion}.
   *
   * @param subject the subject
   * @param upToVersion the highest version deleted
   */
  record SubjectDeleted(String subject, int upToVersion) implements SchemaLogRecord {
    /** Checks the fields. */
    public SubjectDeleted {
      Objects.requireNonNull(subject, "subject");
    }
  }

  /**
   * A compatibility level set or removed.
   *
   * @param subject the subject, or null for the global level
   * @param level the level, or null to remove the subject's own level
   */
  record CompatibilitySet(String subject, CompatibilityLevel level) implements SchemaLogRecord {}
}
