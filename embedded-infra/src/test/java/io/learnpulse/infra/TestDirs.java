package io.learnpulse.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Fresh directories under the build's {@code java.io.tmpdir} (target/tmp).
 *
 * <p>JUnit's {@code @TempDir} goes through NIO, which caches the temporary directory before the
 * build's system properties are applied and so would write to /tmp.
 */
public final class TestDirs {

  private TestDirs() {}

  /**
   * Creates a new empty directory.
   *
   * @param prefix name prefix
   * @return the directory
   * @throws IOException when it cannot be created
   */
  public static Path fresh(String prefix) throws IOException {
    Path base = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    Files.createDirectories(base);
    return Files.createTempDirectory(base, prefix);
  }
}
