package io.learnpulse.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo LMS and the demo player, served on one port of 127.0.0.1 by the local stack's JVM.
 *
 * <ul>
 *   <li>{@code /lms/}: the demo LMS page (scorm-again as the SCORM run-time, from npm at build
 *       time, at {@code /vendor/scorm-again.min.js});
 *   <li>{@code /api/packages}: what the demo tenant offers; {@code POST
 *       /api/imports?scormVersion=}: downloads the real package from lms-sync (with the operator's
 *       token, which never reaches the browser) and unzips it under the data directory, as an LMS
 *       does on import; {@code /content/<version>/...}: the imported package's files;
 *   <li>{@code /player/}: the demo player, the tenant's player URL.
 * </ul>
 *
 * The package content and the LMS page share this origin, so the bridge finds the LMS's API in its
 * parent window as in a real LMS.
 */
final class DemoServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "json", "application/json",
          "xml", "application/xml",
          "xsd", "application/xml",
          "png", "image/png",
          "svg", "image/svg+xml");

  private final HttpServer server;
  private final DemoTenant tenant;
  private final Path imports;

  private DemoServer(HttpServer server, DemoTenant tenant, Path imports) {
    this.server = server;
    this.tenant = tenant;
    this.imports = imports;
  }

  /** Starts serving on {@code 127.0.0.1:port}; imports are unzipped under {@code imports}. */
  static DemoServer start(int port, DemoTenant tenant, Path imports) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    DemoServer demo = new DemoServer(server, tenant, imports);
    server.createContext("/", demo::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return demo;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/") || path.equals("/lms")) {
        exchange.getResponseHeaders().add("Location", "/lms/");
        exchange.sendResponseHeaders(302, -1);
      } else if (path.equals("/api/packages") && method.equals("GET")) {
        json(exchange, 200, packages());
      } else if (path.equals("/api/imports") && method.equals("POST")) {
        importPackage(exchange);
      } else if (path.startsWith("/content/") && method.equals("GET")) {
        file(exchange, path.substring("/content/".length()));
      } else if (method.equals("GET")
          && (path.startsWith("/lms/")
              || path.startsWith("/player/")
              || path.startsWith("/vendor/"))) {
        resource(exchange, path.endsWith("/") ? path + "index.html" : path);
      } else {
        json(exchange, 404, Map.of("title", "Not found", "status", 404));
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Demo server: {} {} failed: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e.toString());
      throw e;
    }
  }

  private static Map<String, Object> packages() {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("tenantId", DemoTenant.TENANT);
    answer.put(
        "packages",
        List.of(
            Map.of(
                "assignmentId", DemoTenant.ASSIGNMENT,
                "topicId", DemoTenant.TOPIC,
                "title", "Secure coding: SQL injection",
                "challenges", DemoTenant.CHALLENGES.size(),
                "scormVersions", DemoTenant.SCORM_VERSIONS)));
    return answer;
  }

  private void importPackage(HttpExchange exchange) throws IOException {
    String version = query(exchange.getRequestURI(), "scormVersion");
    if (version == null || !DemoTenant.SCORM_VERSIONS.contains(version)) {
      json(
          exchange,
          400,
          Map.of(
              "title",
              "Bad request",
              "status",
              400,
              "detail",
              "scormVersion must be one of " + DemoTenant.SCORM_VERSIONS));
      return;
    }
    String assignment = query(exchange.getRequestURI(), "assignmentId");
    if (assignment == null) {
      assignment = DemoTenant.ASSIGNMENT;
    } else if (!assignment.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
      json(
          exchange,
          400,
          Map.of("title", "Bad request", "status", 400, "detail", "assignmentId is not an id"));
      return;
    }
    byte[] zip;
    try {
      zip = tenant.downloadPackage(version, assignment);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (IOException e) {
      json(
          exchange,
          502,
          Map.of("title", "Package download failed", "status", 502, "detail", e.getMessage()));
      return;
    }
    Path target = imports.resolve(version);
    Files.createDirectories(target);
    int files = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target) || entry.isDirectory()) {
          continue;
        }
        Files.createDirectories(file.getParent());
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        files++;
      }
    }
    json(
        exchange,
        200,
        Map.of(
            "id", version,
            "assignmentId", assignment,
            "scormVersion", version,
            "files", files,
            "bytes", zip.length,
            "launchUrl", "/content/" + version + "/index.html"));
  }

  private void file(HttpExchange exchange, String relative) throws IOException {
    Path file = imports.resolve(relative).normalize();
    if (!file.startsWith(imports) || !Files.isRegularFile(file)) {
      json(exchange, 404, Map.of("title", "Not found", "status", 404));
      return;
    }
    send(exchange, 200, type(relative), Files.readAllBytes(file));
  }

  private void resource(HttpExchange exchange, String path) throws IOException {
    if (path.contains("..")) {
      json(exchange, 404, Map.of("title", "Not found", "status", 404));
      return;
    }
    try (InputStream in = DemoServer.class.getResourceAsStream("/demo" + path)) {
      if (in == null) {
        json(exchange, 404, Map.of("title", "Not found", "status", 404));
        return;
      }
      send(exchange, 200, type(path), in.readAllBytes());
    }
  }

  private static String query(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String type(String path) {
    int dot = path.lastIndexOf('.');
    return TYPES.getOrDefault(dot < 0 ? "" : path.substring(dot + 1), "application/octet-stream");
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    String type = status >= 400 ? "application/problem+json" : "application/json";
    send(exchange, status, type, JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
