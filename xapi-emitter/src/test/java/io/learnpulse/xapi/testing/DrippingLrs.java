package io.learnpulse.xapi.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A hostile LRS on 127.0.0.1: it reads a request, answers {@code 200} headers promising a large
 * body, then drips one byte every {@code interval} for as long as the client keeps the connection
 * open. Records how long each connection stayed open, so a test can show the client cut it.
 */
public final class DrippingLrs implements AutoCloseable {

  private final ServerSocket server;
  private final Duration interval;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> daemon(r));
  private final List<Duration> closedAfter = new CopyOnWriteArrayList<>();
  private volatile boolean open = true;

  /** Starts listening on a free loopback port. */
  public DrippingLrs(Duration interval) throws IOException {
    this.interval = interval;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The xAPI base URL. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/xAPI");
  }

  /** How long each connection the client closed had been open. */
  public List<Duration> closedAfter() {
    return List.copyOf(closedAfter);
  }

  private void accept() {
    while (open) {
      try {
        Socket socket = server.accept();
        threads.execute(() -> drip(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void drip(Socket socket) {
    long start = System.nanoTime();
    try (socket) {
      readHeadersAndBody(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n[")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (open) {
        LockSupport.parkNanos(interval.toNanos());
        out.write(' ');
        out.flush(); // fails once the client has closed the connection
      }
    } catch (IOException e) {
      closedAfter.add(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static void readHeadersAndBody(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "dripping-lrs");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws IOException {
    open = false;
    server.close();
    threads.shutdownNow();
  }
}
