package io.learnpulse.xapi.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs npm's xapi-validation (Learning Locker's validator) on statements, in a node process. */
public final class XapiValidator {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private XapiValidator() {}

  /** The problems of each statement of a JSON array, in order; empty lists when valid. */
  public static List<List<String>> problems(String statementsJsonArray)
      throws IOException, InterruptedException {
    Process node =
        new ProcessBuilder("node", "validate.js")
            .directory(NodePeers.dir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      try (OutputStream in = node.getOutputStream()) {
        in.write(statementsJsonArray.getBytes(StandardCharsets.UTF_8));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      node.getInputStream().transferTo(out);
      if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
        throw new IllegalStateException("validate.js failed: " + out);
      }
      List<List<String>> result = new ArrayList<>();
      for (JsonNode statement : JSON.readTree(out.toString(StandardCharsets.UTF_8))) {
        List<String> problems = new ArrayList<>();
        statement.forEach(p -> problems.add(p.asString()));
        result.add(problems);
      }
      return result;
    } finally {
      node.destroyForcibly();
    }
  }
}
