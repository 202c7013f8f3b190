package io.learnpulse.lmssync.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal server-sent events client for the tests: reads the stream on its own thread into a
 * queue of events; {@link #close()} drops the connection as a browser closing the tab would.
 */
final class SseClient implements AutoCloseable {

  /** One event: {@code id}, {@code event} name and the joined {@code data} lines. */
  record Event(String id, String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final int status;
  private final InputStream body;
  private final Thread reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.body = response.body();
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code url} with the given request headers. */
  static SseClient open(HttpClient http, String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    headers.forEach(request::header);
    return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  int status() {
    return status;
  }

  /** The next event of {@code name}, skipping others, or null after {@code timeout}. */
  Event next(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Event event = events.poll(left, TimeUnit.NANOSECONDS);
      if (event == null || event.name().equals(name)) {
        return event;
      }
    }
  }

  /** The next {@code count} events of {@code name}. */
  List<Event> next(String name, int count, Duration timeout) throws InterruptedException {
    List<Event> found = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (found.size() < count) {
      Event event = next(name, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (event == null) {
        break;
      }
      found.add(event);
    }
    return found;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String name = "message";
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0 || !name.equals("message")) {
            events.add(new Event(id, name, data.toString()));
          }
          id = null;
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).stripLeading());
        }
      }
    } catch (IOException closed) {
      // the test closed the stream
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
