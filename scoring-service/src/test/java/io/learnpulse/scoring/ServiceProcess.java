package io.learnpulse.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * scoring-service ({@link ScoringApplication}) in a JVM of its own, on this test's class path, so a
 * test can kill it the way an orchestrator or a crash does: {@link #kill()} is SIGKILL (no shutdown
 * hook, open transactions left behind), {@link #stop()} is SIGTERM (graceful shutdown).
 */
final class ServiceProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the service with {@code arguments} ({@code --key=value}); its output goes to {@code
   * log}.
   */
  static ServiceProcess start(Path log, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx384m");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScoringApplication.class.getName());
    command.addAll(arguments);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ServiceProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start scoring-service", e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** SIGTERM (Spring's graceful shutdown closes Kafka Streams), and waits for the process. */
  void stop() {
    process.destroy();
    if (!waitFor(Duration.ofSeconds(60))) {
      kill();
    }
  }

  /** The last lines of the service's output, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
