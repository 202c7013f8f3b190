package io.learnpulse.schemas.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The compatibility gate: every released schema is kept as a snapshot in {@code
 * schemas/released/<full.Name>/<n>.avsc}, and the current schema of each type must be backward (it
 * can read what released versions wrote) and forward (released readers can read what it writes)
 * compatible with every one of them. A new type must be released, i.e. snapshotted: {@code ./mvnw
 * -pl schemas test -Dtest=ReleasedSchemasCompatibilityTest -Dschemas.release=true} writes the
 * current schemas of types that changed or are new as the next version.
 */
class ReleasedSchemasCompatibilityTest {

  private static final Path RELEASED = Path.of("released");

  @Test
  void everyTopicValueTypeIsReleased() throws IOException {
    releaseIfAsked();
    List<String> missing = new ArrayList<>();
    for (Schema schema : currentSchemas().values()) {
      if (!Files.isDirectory(RELEASED.resolve(schema.getFullName()))) {
        missing.add(schema.getFullName());
      }
    }
    assertThat(missing)
        .as(
            "types in the topic catalog without a released snapshot; release them with "
                + "./mvnw -pl schemas test -Dtest=ReleasedSchemasCompatibilityTest"
                + " -Dschemas.release=true")
        .isEmpty();
  }

  @Test
  void currentSchemasAreBackwardAndForwardCompatibleWithEveryReleasedVersion() throws IOException {
    Map<String, Schema> current = currentSchemas();
    List<String> problems = new ArrayList<>();
    for (Path snapshot : releasedSnapshots()) {
      Schema released = new Schema.Parser().parse(snapshot.toFile());
      Schema now = current.get(released.getFullName());
      if (now == null) {
        problems.add(
            snapshot
                + ": type "
                + released.getFullName()
                + " is no longer in the topic catalog; a released type cannot be removed within"
                + " a major version");
        continue;
      }
      check(snapshot, "backward (new reader, released writer)", now, released, problems);
      check(snapshot, "forward (released reader, new writer)", released, now, problems);
    }
    if (!problems.isEmpty()) {
      fail(
          "schema changes break released contracts:\n  - "
              + String.join("\n  - ", problems)
              + "\nAdd fields with defaults instead of changing or removing them, or publish a"
              + " new major version on a new topic (docs/adr/0002-event-contracts.md).");
    }
  }

  private static void check(
      Path snapshot, String direction, Schema reader, Schema writer, List<String> problems) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      result
          .getResult()
          .getIncompatibilities()
          .forEach(
              i ->
                  problems.add(
                      snapshot
                          + " "
                          + direction
                          + ": "
                          + i.getType()
                          + " at "
                          + i.getLocation()
                          + " ("
                          + i.getMessage()
                          + ")"));
    }
  }

  static Map<String, Schema> currentSchemas() {
    Map<String, Schema> schemas = new TreeMap<>();
    for (TopicSpec topic : Topics.ALL) {
      for (Class<? extends SpecificRecord> type : topic.valueTypes()) {
        Schema schema = SpecificData.get().getSchema(type);
        schemas.put(schema.getFullName(), schema);
      }
    }
    return schemas;
  }

  private static List<Path> releasedSnapshots() throws IOException {
    if (!Files.isDirectory(RELEASED)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(RELEASED)) {
      return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    }
  }

  /** Writes changed or new types as their next released version when -Dschemas.release=true. */
  private static void releaseIfAsked() throws IOException {
    if (!Boolean.getBoolean("schemas.release")) {
      return;
    }
    for (Schema schema : currentSchemas().values()) {
      Path dir = RELEASED.resolve(schema.getFullName());
      Files.createDirectories(dir);
      List<Path> versions;
      try (Stream<Path> files = Files.list(dir)) {
        versions = files.sorted().toList();
      }
      String text = schema.toString(true) + "\n";
      if (!versions.isEmpty() && Files.readString(versions.get(versions.size() - 1)).equals(text)) {
        continue;
      }
      Files.writeString(dir.resolve((versions.size() + 1) + ".avsc"), text);
    }
  }
}
