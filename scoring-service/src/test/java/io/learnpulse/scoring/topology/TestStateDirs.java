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
}
