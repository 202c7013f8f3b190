package io.learnpulse.xapi.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Node test peers live (installed by the Maven build, see src/test/node/install.js). */
public final class NodePeers {

  private NodePeers() {}

  /** The node folder with its installed node_modules. */
  public static Path dir() {
    Path dir = Path.of(System.getProperty("xapi.node.dir", "src/test/node")).toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules/xapi-statements"))
        || !Files.isDirectory(dir.resolve("node_modules/xapi-validation"))) {
      throw new IllegalStateException(
          "Node test peers missing in " + dir + ": run ./mvnw -pl xapi-emitter verify (npm ci)");
    }
    return dir;
  }

  /** A scratch folder under java.io.tmpdir (target/tmp in the build). */
  public static Path scratch(String prefix) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    return Files.createTempDirectory(tmp, prefix);
  }
}
