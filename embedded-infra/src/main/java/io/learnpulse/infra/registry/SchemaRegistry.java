package io.learnpulse.infra.registry;

import io.learnpulse.infra.registry.SchemaLogRecord.CompatibilitySet;
import io.learnpulse.infra.registry.SchemaLogRecord.SchemaRegistered;
import io.learnpulse.infra.registry.SchemaLogRecord.SubjectDeleted;
import io.learnpulse.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's rules in plain Java, with Confluent Schema Registry semantics for Avro schemas.
 *
 * <p>Ids are global: the same schema (compared by Avro's normalized JSON of the parsed schema, so
 * whitespace and attribute order do not matter while defaults, docs and logical types do) has one
 * id in every subject. Versions count from 1 per subject. Registering a schema that is already a
 * live version of the subject returns its id and creates nothing. New versions are checked against
 * earlier ones under the subject's compatibility level (its own, else the global one, BACKWARD by
 * default). Every change is written to the {@link SchemaLog} first and applied only once stored, so
 * a rejected or failed request changes nothing. Deleting a subject is a soft delete: its versions
 * disappear from the subject listings, their ids keep resolving, and version numbers are not
 * reused.
 */
public final class SchemaRegistry {

  /** The global level when none was set. */
  public static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);

  private final SchemaLog schemaLog;
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<String, List<Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = DEFAULT_COMPATIBILITY;
  private int maxId;

  /**
   * Creates the registry and rebuilds its state from the log.
   *
   * @param schemaLog where changes are stored
   */
  public SchemaRegistry(SchemaLog schemaLog) {
    this.schemaLog = Objects.requireNonNull(schemaLog, "schemaLog");
    List<SchemaLogRecord> records = schemaLog.readAll();
    records.forEach(this::apply);
    log.debug("Replayed {} schema log records: {} schemas, {}", records.size(), maxId, subjects);
  }

  /**
   * Registers a schema under a subject, or finds it if it is already a live version there.
   *
   * @param subject the subject
   * @param schemaText the Avro schema
   * @return the schema's global id
   * @throws SchemaRegistryException 42201 for an invalid schema, 409 when incompatible
   */
  public synchronized int register(String subject, String schemaText) {
    requireSubject(subject);
    Schema schema = parse(schemaText);
    String canonical = schema.toString();
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    for (Version version : versions) {
      if (!version.deleted && schemasById.get(version.id).equals(canonical)) {
        return version.id;
      }
    }
    List<Version> live = live(versions);
    CompatibilityLevel level = effectiveCompatibility(subject);
    List<Version> against =
        level.transitive() || live.isEmpty() ? live : List.of(live.get(live.size() - 1));
    List<String> problems = check(schema, against, level);
    if (!problems.isEmpty()) {
      throw new SchemaRegistryException(
          SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems,
          null);
    }
    int id = idsBySchema.getOrDefault(canonical, maxId + 1);
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number + 1;
    store(new SchemaRegistered(subject, version, id, canonical));
    log.info("Registered subject {} version {} with schema id {}", subject, version, id);
    return id;
  }

  /**
   * Finds a schema among the live versions of a subject.
   *
   * @param subject the subject
   * @param schemaText the schema to look for
   * @return the version holding it
   * @throws SchemaRegistryException 40401 unknown subject, 40403 schema not in the subject, 42201
   */
  public synchronized RegisteredSchema lookup(String subject, String schemaText) {
    List<Version> live = liveVersions(subject);
    String canonical = parse(schemaText).toString();
    for (Version version : live) {
      if (schemasById.get(version.id).equals(canonical)) {
        return registered(subject, version);
      }
    }
    throw SchemaRegistryException.schemaNotFound();
  }

  /**
   * Returns a schema by its global id.
   *
   * @param id the id
   * @return the schema text
   * @throws SchemaRegistryException 40403 when unknown
   */
  public synchronized String schemaById(int id) {
    String schema = schemasById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.schemaNotFound(String.valueOf(id));
    }
    return schema;
  }

  /**
   * Returns the live subject versions that use a schema id.
   *
   * @param id the id
   * @return the subjects and versions
   * @throws SchemaRegistryException 40403 when the id is unknown
   */
  public synchronized List<SubjectVersion> subjectVersionsById(int id) {
    schemaById(id);
    List<SubjectVersion> result = new ArrayList<>();
    subjects.forEach(
        (subject, versions) ->
            versions.stream()
                .filter(v -> !v.deleted && v.id == id)
                .forEach(v -> result.add(new SubjectVersion(subject, v.number))));
    return result;
  }

  /**
   * Lists the subjects, sorted.
   *
   * @param includeDeleted whether subjects without live versions are listed too
   * @return the subject names
   */
  public synchronized List<String> subjects(boolean includeDeleted) {
    List<String> result = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          if (includeDeleted || !live(versions).isEmpty()) {
            result.add(subject);
          }
        });
    return result;
  }

  /**
   * Lists the live versions of a subject.
   *
   * @param subject the subject
   * @return the version numbers, ascending
   * @throws SchemaRegistryException 40401 when the subject has no live version
   */
  public synchronized List<Integer> versions(String subject) {
    return liveVersions(subject).stream().map(v -> v.number).toList();
  }

  /**
   * Returns one version of a subject.
   *
   * @param subject the subject
   * @param version a version number, {@code latest} or {@code -1}
   * @return the version
   * @throws SchemaRegistryException 40401, 40402, or 42202 for a malformed version
   */
  public synchronized RegisteredSchema version(String subject, String version) {
    Integer number = parseVersion(version);
    List<Version> live = liveVersions(subject);
    if (number == null) {
      return registered(subject, live.get(live.size() - 1));
    }
    return live.stream()
        .filter(v -> v.number == number)
        .findFirst()
        .map(v -> registered(subject, v))
        .orElseThrow(() -> SchemaRegistryException.versionNotFound(number));
  }

  /**
   * Soft-deletes every version of a subject.
   *
   * @param subject the subject
   * @return the versions deleted
   * @throws SchemaRegistryException 40401 when the subject has no live version
   */
  public synchronized List<Integer> deleteSubject(String subject) {
    List<Version> live = liveVersions(subject);
    List<Integer> numbers = live.stream().map(v -> v.number).toList();
    store(new SubjectDeleted(subject, numbers.get(numbers.size() - 1)));
    log.info("Deleted subject {} versions {}", subject, numbers);
    return numbers;
  }

  /**
   * Tests a schema against a subject without registering it.
   *
   * <p>Against {@code latest} the subject's level decides which versions are checked (all of them
   * when transitive); a subject without versions accepts anything. Against a numbered version only
   * that version is checked.
   *
   * @param subject the subject
   * @param version a version number, {@code latest} or {@code -1}
   * @param schemaText the candidate schema
   * @return the result with the incompatibilities found
   * @throws SchemaRegistryException 40401, 40402, 42201, 42202
   */
  public synchronized CompatibilityResult testCompatibility(
      String subject, String version, String schemaText) {
    Integer number = parseVersion(version);
    Schema schema = parse(schemaText);
    CompatibilityLevel level = effectiveCompatibility(subject);
    List<Version> against;
    if (number == null) {
      List<Version> live = live(subjects.getOrDefault(subject, List.of()));
      against = level.transitive() || live.isEmpty() ? live : List.of(live.get(live.size() - 1));
    } else {
      against =
          List.of(
              liveVersions(subject).stream()
                  .filter(v -> v.number == number)
                  .findFirst()
                  .orElseThrow(() -> SchemaRegistryException.versionNotFound(number)));
    }
    List<String> problems = check(schema, against, level);
    return new CompatibilityResult(problems.isEmpty(), problems);
  }

  /**
   * Returns the global compatibility level.
   *
   * @return the level
   */
  public synchronized CompatibilityLevel globalCompatibility() {
    return globalLevel;
  }

  /**
   * Sets the global compatibility level.
   *
   * @param level the level
   */
  public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
    store(new CompatibilitySet(null, Objects.requireNonNull(level, "level")));
  }

  /**
   * Returns a subject's own compatibility level.
   *
   * @param subject the subject
   * @return the level, empty when the subject follows the global one
   */
  public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  /**
   * Sets a subject's own compatibility level (the subject need not exist yet).
   *
   * @param subject the subject
   * @param level the level
   */
  public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    requireSubject(subject);
    store(new CompatibilitySet(subject, Objects.requireNonNull(level, "level")));
  }

  /**
   * Removes a subject's own compatibility level, so the global one applies again.
   *
   * @param subject the subject
   * @return the level removed
   * @throws SchemaRegistryException 40408 when the subject had none
   */
  public synchronized CompatibilityLevel deleteSubjectCompatibility(String subject) {
    CompatibilityLevel previous = subjectLevels.get(subject);
    if (previous == null) {
      throw SchemaRegistryException.subjectLevelConfigNotFound(subject);
    }
    store(new CompatibilitySet(subject, null));
    return previous;
  }

  /**
   * Returns the level that applies to a subject: its own, else the global one.
   *
   * @param subject the subject
   * @return the level
   */
  public synchronized CompatibilityLevel effectiveCompatibility(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private void store(SchemaLogRecord record) {
    try {
      schemaLog.append(record);
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw SchemaRegistryException.storeError(String.valueOf(e.getMessage()), e);
    }
    apply(record);
  }

  private void apply(SchemaLogRecord record) {
    if (record instanceof SchemaRegistered registered) {
      schemasById.putIfAbsent(registered.id(), registered.schema());
      idsBySchema.putIfAbsent(registered.schema(), registered.id());
      maxId = Math.max(maxId, registered.id());
      List<Version> versions =
          subjects.computeIfAbsent(registered.subject(), s -> new ArrayList<>());
      versions.removeIf(v -> v.number == registered.version());
      versions.add(new Version(registered.version(), registered.id()));
      versions.sort((a, b) -> Integer.compare(a.number, b.number));
    } else if (record instanceof SubjectDeleted deleted) {
      subjects
          .getOrDefault(deleted.subject(), List.of())
          .forEach(
              v -> {
                if (v.number <= deleted.upToVersion()) {
                  v.deleted = true;
                }
              });
    } else if (record instanceof CompatibilitySet set) {
      if (set.subject() == null) {
        globalLevel = set.level() == null ? DEFAULT_COMPATIBILITY : set.level();
      } else if (set.level() == null) {
        subjectLevels.remove(set.subject());
      } else {
        subjectLevels.put(set.subject(), set.level());
      }
    }
  }

  private List<String> check(Schema candidate, List<Version> against, CompatibilityLevel level) {
    List<String> problems = new ArrayList<>();
    if (level == CompatibilityLevel.NONE) {
      return problems;
    }
    for (int i = against.size() - 1; i >= 0; i--) {
      Version earlier = against.get(i);
      Schema earlierSchema = new Schema.Parser().parse(schemasById.get(earlier.id));
      List<String> found = new ArrayList<>();
      if (level.backward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlierSchema),
            "new schema cannot read data written with version " + earlier.number,
            found);
      }
      if (level.forward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(earlierSchema, candidate),
            "version " + earlier.number + " cannot read data written with the new schema",
            found);
      }
      if (!found.isEmpty()) {
        problems.addAll(found);
        problems.add("{oldSchemaVersion: " + earlier.number + "}");
        problems.add("{oldSchema: '" + schemasById.get(earlier.id) + "'}");
      }
    }
    if (!problems.isEmpty()) {
      problems.add("{compatibility: '" + level + "'}");
    }
    return problems;
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility pair, String direction, List<String> out) {
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
      out.add(
          "{errorType:'"
              + incompatibility.getType()
              + "', description:'"
              + direction
              + " at "
              + incompatibility.getLocation()
              + "', additionalInfo:'"
              + incompatibility.getMessage()
              + "'}");
    }
  }

  private static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw SchemaRegistryException.invalidSchema("the schema is empty", null);
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
      throw SchemaRegistryException.invalidSchema(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw SchemaRegistryException.invalidSchema(String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * Parses a version path element.
   *
   * @return the number, or null for the latest version
   */
  private static Integer parseVersion(String version) {
    if ("latest".equalsIgnoreCase(version) || "-1".equals(version)) {
      return null;
    }
    try {
      int number = Integer.parseInt(version);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // falls through to the registry error
    }
    throw SchemaRegistryException.invalidVersion(version);
  }

  private List<Version> liveVersions(String subject) {
    List<Version> live = live(subjects.getOrDefault(subject, List.of()));
    if (live.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return live;
  }

  private static List<Version> live(List<Version> versions) {
    return versions.stream().filter(v -> !v.deleted).toList();
  }

  private RegisteredSchema registered(String subject, Version version) {
    return new RegisteredSchema(subject, version.number, version.id, schemasById.get(version.id));
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
  }

  /** A version of a subject; mutable only by replaying a delete. */
  private static final class Version {
    final int number;
    final int id;
    boolean deleted;

    Version(int number, int id) {
      this.number = number;
      this.id = id;
    }

    @Override
    public String toString() {
      return number + "->" + id + (deleted ? " (deleted)" : "");
    }
  }

  /**
   * Parses a compatibility level name, ignoring case.
   *
   * @param name the name, for example {@code "backward"}
   * @return the level
   * @throws SchemaRegistryException 42203 when the name is not a level
   */
  public static CompatibilityLevel parseLevel(String name) {
    if (name != null) {
      try {
        return CompatibilityLevel.valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException notALevel) {
        // reported as the registry's error below
      }
    }
    throw SchemaRegistryException.invalidCompatibilityLevel(name);
  }
}
