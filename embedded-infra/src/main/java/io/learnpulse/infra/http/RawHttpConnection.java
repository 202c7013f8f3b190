package io.learnpulse.infra.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 connection over a plain socket, for what a client library will not do: send part of
 * a request and stop, pipeline requests, reuse a connection after a refused request. Responses are
 * read with a timeout, so a server that never answers fails the test instead of hanging it. (In
 * embedded-infra since ADR 32, for every service's tests; it was ingest's.)
 */
public final class RawHttpConnection implements AutoCloseable {

  /**
   * One response.
   *
   * @param status the status code
   * @param headers header names in lower case
   * @param body the body as UTF-8 text
   */
  public record Response(int status, Map<String, String> headers, String body) {}

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** A connection to the loopback port {@code port}. */
  public static RawHttpConnection open(int port) {
    try {
      return new RawHttpConnection(new Socket(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET request's bytes, with {@code headers}. */
  public static String get(String path, Map<String, String> headers) {
    StringBuilder request = new StringBuilder();
    request.append("GET ").append(path).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    return request.append("\r\n").toString();
  }

  /** This end's port, which names the connection in the server's logs and in {@code ss}. */
  public int localPort() {
    return socket.getLocalPort();
  }

  /** A POST request's bytes: head and body, {@code Content-Length} of the whole body. */
  public static String post(String path, Map<String, String> headers, String body) {
    StringBuilder request = new StringBuilder();
    request.append("POST ").append(path).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request
        .append("Content-Length: ")
        .append(body.getBytes(StandardCharsets.UTF_8).length)
        .append("\r\n\r\n");
    return request.append(body).toString();
  }

  /** Writes {@code text} (UTF-8) and flushes. */
  public void send(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next response, or empty when none arrived within {@code timeout} (or the peer closed). */
  public Optional<Response> read(Duration timeout) {
    try {
      socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
      String statusLine = line();
      if (statusLine == null) {
        return Optional.empty();
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String header = line(); header != null && !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        headers.put(
            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim());
      }
      String body;
      if (headers.containsKey("content-length")) {
        body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), UTF8);
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().trim(), 16); size > 0; ) {
          chunks.write(in.readNBytes(size));
          line();
          size = Integer.parseInt(line().trim(), 16);
        }
        line();
        body = chunks.toString(UTF8);
      } else {
        body = "";
      }
      return Optional.of(new Response(status, headers, body));
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(UTF8);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(UTF8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
