package io.learnpulse.infra.lrs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real LRS for tests: Learning Locker's statement service (npm xapi-statements 5.0.x) in memory,
 * in its own node process on 127.0.0.1 and a free port. {@link #close()} stops the process.
 *
 * <p>The node program and its {@code node_modules} are in this module's {@code src/main/node},
 * installed by this module's build ({@code install.js}: {@code npm ci} when the lock file changed).
 * Tests of other modules find that folder through the system property {@value #NODE_DIR_PROPERTY}
 * (their POMs set it), else by walking up from the working directory to {@code
 * embedded-infra/src/main/node}. The LRS accepts any Basic credentials ({@link #CREDENTIALS} are as
 * good as any).
 */
public final class LocalLrs implements AutoCloseable {

  /** System property naming the folder of {@code lrs.js} and its installed {@code node_modules}. */
  public static final String NODE_DIR_PROPERTY = "learnpulse.lrs.node.dir";

  /** Basic credentials ({@code user:password}) this class uses for its own reads and writes. */
  public static final String CREDENTIALS = "test:test";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path workDir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private LocalLrs(Path workDir, int port) {
    this.workDir = workDir;
    this.port = port;
  }

  /** Starts an LRS and waits until it listens. */
  public static LocalLrs start() throws IOException {
    LocalLrs lrs = new LocalLrs(scratch(), freePort());
    lrs.launch();
    return lrs;
  }

  /** The xAPI base URL ({@code http://127.0.0.1:<port>/xAPI}). */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/xAPI");
  }

  /** The node process id. */
  public long pid() {
    return process.pid();
  }

  /** Freezes the process (SIGSTOP): connections are accepted by the kernel but never answered. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a frozen process run again (SIGCONT). */
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** Every statement the LRS holds, all pages. */
  public List<JsonNode> statements() throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    String next = "/xAPI/statements?limit=1000";
    while (next != null && !next.isEmpty()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + next))
                  .header("X-Experience-API-Version", "1.0.3")
                  .header("Authorization", basic())
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET statements: " + response.statusCode() + " " + response.body());
      }
      JsonNode page = JSON.readTree(response.body());
      page.get("statements").forEach(all::add);
      next = page.path("more").asString("");
    }
    return all;
  }

  /**
   * Stores statements as a client would ({@code POST /statements}, xAPI 1.0.3).
   *
   * @param statementsJson a JSON array of statements
   * @return the ids the LRS answered
   */
  public List<String> store(String statementsJson) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/statements"))
                .header("X-Experience-API-Version", "1.0.3")
                .header("Authorization", basic())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(statementsJson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST statements: " + response.statusCode() + " " + response.body());
    }
    List<String> ids = new ArrayList<>();
    JSON.readTree(response.body()).forEach(id -> ids.add(id.asString()));
    return ids;
  }

  /** Ids of every statement held. */
  public List<String> statementIds() throws IOException, InterruptedException {
    return statements().stream().map(s -> s.get("id").asString()).toList();
  }

  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      try {
        thaw();
      } catch (IOException e) {
        // the process is going away anyway
      }
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    process = null;
  }

  private void launch() throws IOException {
    Path log = workDir.resolve("lrs.log");
    ProcessBuilder builder =
        new ProcessBuilder("node", nodeDir().resolve("lrs.js").toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("EXPRESS_PORT", Integer.toString(port));
    builder.environment().put("NODE_PATH", nodeDir().resolve("node_modules").toString());
    process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (Writer file = Files.newBufferedWriter(log)) {
                String line;
                while ((line = out.readLine()) != null) {
                  file.write(line + "\n");
                  file.flush();
                  if (line.startsWith("LRS listening on")) {
                    ready.complete(null);
                  }
                }
                ready.completeExceptionally(new IllegalStateException("LRS exited, see " + log));
              } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "lrs-" + port + "-output");
    pump.setDaemon(true);
    pump.start();
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("LRS did not start on port " + port + " (log " + log + ")", e);
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  private static String basic() {
    return "Basic "
        + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8));
  }

  /** The folder of {@code lrs.js} with its installed {@code node_modules} (class comment). */
  static Path nodeDir() {
    String configured = System.getProperty(NODE_DIR_PROPERTY);
    Path dir = null;
    if (configured != null && !configured.isBlank()) {
      dir = Path.of(configured).toAbsolutePath().normalize();
    } else {
      for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
        Path candidate = at.resolve("embedded-infra/src/main/node");
        if (Files.isRegularFile(candidate.resolve("lrs.js"))) {
          dir = candidate;
          break;
        }
      }
    }
    if (dir == null || !Files.isDirectory(dir.resolve("node_modules/xapi-statements"))) {
      throw new IllegalStateException(
          "the local LRS is not installed"
              + (dir == null ? "" : " in " + dir)
              + ": build embedded-infra (./mvnw -pl <module> -am ...), which runs"
              + " embedded-infra/src/main/node/install.js (npm ci)");
    }
    return dir;
  }

  /** A scratch folder under java.io.tmpdir (target/tmp in the build). */
  private static Path scratch() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    return Files.createTempDirectory(tmp, "lrs-");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
