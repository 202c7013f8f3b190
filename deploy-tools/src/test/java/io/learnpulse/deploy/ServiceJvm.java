package io.learnpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service jar started as its container would start it: a separate JVM with only the container's
 * environment, as an unprivileged user ({@code setpriv}, uid/gid {@value #USER}), in a working
 * directory it cannot write, with the image's JVM flags. Output goes to a log file.
 */
final class ServiceJvm implements AutoCloseable {

  /** nobody: the user the JVMs run as (root only hands the files over). */
  static final int USER = 65534;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private boolean restarted;

  private ServiceJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <jvmFlags> -jar jar <args>} as {@link #USER} in {@code workDir} (made
   * read-only) with exactly {@code env} (plus a PATH).
   */
  static ServiceJvm start(
      String name,
      Path jar,
      List<String> jvmFlags,
      List<String> args,
      Map<String, String> env,
      Path workDir,
      Path log) {
    try {
      Files.createDirectories(workDir);
      Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("r-xr-xr-x"));
      List<String> command = new ArrayList<>(asUser());
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmFlags);
      command.add("-jar");
      command.add(jar.toString());
      command.addAll(args);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
      builder.environment().putAll(env);
      return new ServiceJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The prefix that runs a command as {@link #USER} without supplementary groups. */
  static List<String> asUser() {
    return List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups", "--");
  }

  /** Hands {@code path} to {@link #USER} (a volume the container may write). */
  static void giveToUser(Path path) {
    try {
      Files.createDirectories(path);
      Files.setAttribute(path, "unix:uid", USER);
      Files.setAttribute(path, "unix:gid", USER);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Marks this JVM as the second start of its container. */
  ServiceJvm markRestarted() {
    restarted = true;
    return this;
  }

  boolean restarted() {
    return restarted;
  }

  /** Moves the output so far to {@code target} (the JVM has ended). */
  void keepOutputAs(Path target) {
    try {
      Files.move(log, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits at most {@code timeout} for the process to end; its exit code, or null if running. */
  Integer awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? process.exitValue()
          : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The output so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * For failure messages, the reason first (a report may keep only its start): the exit code if the
   * JVM ended, every ERROR line and JVM fatal-error line (shortened), then the last lines.
   */
  String tail() {
    List<String> lines = List.of(output().split("\n"));
    StringBuilder text = new StringBuilder(name).append(" (").append(log).append("):\n");
    if (!process.isAlive()) {
      int code = process.exitValue();
      text.append("exit code ")
          .append(code)
          .append(code > 128 ? " (signal " + (code - 128) + ")" : "")
          .append('\n');
    }
    lines.stream()
        .filter(
            l -> l.contains("\"level\":\"ERROR\"") || l.startsWith("#") || l.startsWith("Error"))
        .limit(5)
        .forEach(l -> text.append("> ").append(l, 0, Math.min(l.length(), 2000)).append('\n'));
    text.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    return text.toString();
  }

  /** GET {@code url}: status and body, or status -1 when nothing answers. */
  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
