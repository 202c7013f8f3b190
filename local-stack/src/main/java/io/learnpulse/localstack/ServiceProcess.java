package io.learnpulse.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service running as a child JVM from its own executable jar, exactly as it is deployed, with
 * its output in a log file. Stopping sends SIGTERM (Spring's graceful shutdown), then kills what is
 * left of the process and its descendants.
 */
final class ServiceProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final String name;
  private final int port;
  private final Path logFile;
  private final Process process;

  private ServiceProcess(String name, int port, Path logFile, Process process) {
    this.name = name;
    this.port = port;
    this.logFile = logFile;
    this.process = process;
  }

  /**
   * Starts {@code jar} with the given Spring arguments; output goes to {@code logDir/name.log}.
   * {@code c2} keeps the JVM's full tiered compilation (as in production) instead of stopping at
   * C1, which starts faster but runs slower: capacity figures need it.
   */
  static ServiceProcess start(
      String name,
      Path jar,
      int port,
      List<String> springArgs,
      Path logDir,
      String heap,
      boolean c2)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "service jar " + jar + " is missing: build with ./mvnw -DskipTests package");
    }
    Files.createDirectories(logDir);
    Path logFile = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    if (!c2) {
      command.add("-XX:TieredStopAtLevel=1");
    }
    command.add("-Djava.io.tmpdir=" + logDir.getParent().resolve("tmp"));
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.add("--server.address=127.0.0.1");
    command.addAll(springArgs);
    Files.createDirectories(logDir.getParent().resolve("tmp"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    log.info("Started {} (pid {}) on port {}, log {}", name, process.pid(), port, logFile);
    return new ServiceProcess(name, port, logFile, process);
  }

  String name() {
    return name;
  }

  /** The service JVM's process id. */
  long pid() {
    return process.pid();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until the service's readiness probe answers UP. */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url() + "/readyz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + "; see " + logFile);
      }
      try {
        HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        log.debug("{} not answering yet: {}", name, notYet.toString());
      }
      process.waitFor(500, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile);
  }

  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("{} did not stop within {}; killing it", name, STOP_GRACE);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    log.info("Stopped {}", name);
  }
}
