package io.learnpulse.scoring.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * New state directories under the build's {@code java.io.tmpdir} ({@code target/tmp}); JUnit's
 * {@code @TempDir} would ignore that setting and write to /tmp.
 */
public final class TestStateDirs {

  private TestStateDirs() {}

  /** A new empty directory named {@code prefix...} under {@code java.io.tmpdir}. */
  public static Path fresh(String prefix) {
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory under " + prefix, e);
    }
  }

  /**
   * A new empty directory on a memory file system (/dev/shm) when there is one, else {@link
   * #fresh}: TopologyTestDriver commits after every record and each commit syncs the stores'
   * checkpoint files, which on a disk shared with other builds dominates a test that pipes hundreds
   * of thousands of records. Delete it with {@link #delete}.
   */
  public static Path inMemory(String prefix) {
    Path shm = Path.of("/dev/shm");
    if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
      return fresh(prefix);
    }
    try {
      return Files.createTempDirectory(shm, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory under " + shm, e);
    }
  }

  /** Deletes {@code dir} and everything in it. */
  public static void delete(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
