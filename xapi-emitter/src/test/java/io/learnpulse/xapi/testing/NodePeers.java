package io.learnpulse.xapi.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Node test peer (xapi-validation) lives, installed by the Maven build (see
 * embedded-infra's src/main/node/install.js). The LRS is embedded-infra's {@code
 * io.learnpulse.infra.lrs.LocalLrs}.
 */
public final class NodePeers {

  private NodePeers() {}

  /** The node folder with its installed node_modules. */
  public static Path dir() {
    Path dir = Path.of(System.getProperty("xapi.node.dir", "src/test/node")).toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules/xapi-validation"))) {
      throw new IllegalStateException(
          "Node test peer missing in " + dir + ": run ./mvnw -pl xapi-emitter verify (npm ci)");
    }
    return dir;
  }
}
