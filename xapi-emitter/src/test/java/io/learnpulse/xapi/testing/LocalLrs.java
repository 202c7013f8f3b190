package io.learnpulse.xapi.testing;

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
 */
public final class LocalLrs implements AutoCloseable {

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
    LocalLrs lrs = new LocalLrs(NodePeers.scratch("lrs-"), freePort());
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
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString("test:test".getBytes(StandardCharsets.UTF_8)))
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
        new ProcessBuilder("node", NodePeers.dir().resolve("lrs.js").toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("EXPRESS_PORT", Integer.toString(port));
    builder.environment().put("NODE_PATH", NodePeers.dir().resolve("node_modules").toString());
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
