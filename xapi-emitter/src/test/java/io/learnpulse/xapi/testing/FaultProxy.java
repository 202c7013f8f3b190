package io.learnpulse.xapi.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.learnpulse.infra.lrs.LocalLrs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits in front of a real LRS and answers the next requests with scripted faults (a status and
 * headers) instead of forwarding them: the LRS under it stays the real one, only the answers an
 * in-memory test LRS never gives (401 for Basic credentials, 429, 503) are injected.
 */
public final class FaultProxy implements AutoCloseable {

  /** A scripted answer. */
  public record Fault(int status, Map<String, String> headers, String body) {}

  private final URI target;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();

  /** A proxy to {@code lrs} on a free loopback port. */
  public FaultProxy(LocalLrs lrs) throws IOException {
    this.target = lrs.baseUrl();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/xAPI", this::handle);
    server.start();
  }

  /** The proxy's xAPI base URL. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/xAPI");
  }

  /** Answers the next {@code times} requests with {@code fault}. */
  public void inject(Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      faults.add(fault);
    }
  }

  /** Requests answered with a fault. */
  public int injected() {
    return injected.get();
  }

  /** Requests forwarded to the LRS. */
  public int forwarded() {
    return forwarded.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Fault fault = faults.poll();
      if (fault != null) {
        injected.incrementAndGet();
        fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        respond(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
        return;
      }
      forwarded.incrementAndGet();
      String path = exchange.getRequestURI().getRawPath().substring("/xAPI".length());
      String query = exchange.getRequestURI().getRawQuery();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header :
          new String[] {"Authorization", "Content-Type", "X-Experience-API-Version"}) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response
          .headers()
          .firstValue("Content-Type")
          .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
      respond(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
