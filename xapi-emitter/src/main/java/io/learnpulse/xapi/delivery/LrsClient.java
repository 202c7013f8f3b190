package io.learnpulse.xapi.delivery;

import io.learnpulse.schemas.net.OutboundUrlPolicy;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts statement batches to an LRS with the headers xAPI 1.0.3 requires, asynchronously: no
 * delivery thread waits on an LRS. One shared JDK HTTP client (connection reuse across tenants;
 * HTTP/1.1, which every LRS speaks).
 *
 * <p>Bounds, so one LRS cannot hold resources: the whole exchange — policy check, connect, headers
 * and body — has one deadline, after which the exchange is cancelled and its connection closed (a
 * body dripping a byte a second is cut); at most {@code maxBody} bytes of an answer are read, the
 * rest is not; and the endpoint's resolved addresses pass the {@link OutboundUrlPolicy} before each
 * request.
 */
public final class LrsClient {

  /** The xAPI version LearnPulse speaks. */
  public static final String XAPI_VERSION = "1.0.3";

  private final HttpClient http;
  private final Duration deadline;
  private final int maxBody;
  private final OutboundUrlPolicy policy;
  private final Executor resolver;
  private final Clock clock;

  /**
   * A client.
   *
   * @param connectTimeout TCP/TLS connect timeout
   * @param deadline the longest whole exchange (connect, headers, body)
   * @param maxBody most bytes of an answer read
   * @param policy judges the endpoint's resolved addresses before each request
   * @param resolver runs the (blocking) name resolution, off the delivery threads
   * @param clock for Retry-After dates
   */
  public LrsClient(
      Duration connectTimeout,
      Duration deadline,
      int maxBody,
      OutboundUrlPolicy policy,
      Executor resolver,
      Clock clock) {
    if (maxBody < 1) {
      throw new IllegalArgumentException("maxBody must be positive");
    }
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.deadline = deadline;
    this.maxBody = maxBody;
    this.policy = policy;
    this.resolver = resolver;
    this.clock = clock;
  }

  /** The deadline of one exchange. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * POSTs a JSON array of statements; the future always completes normally, within the deadline
   * (plus scheduling), with how the exchange ended.
   */
  public CompletableFuture<LrsAnswer> post(LrsEndpoint endpoint, String jsonArray) {
    long start = System.nanoTime();
    CompletableFuture<LrsAnswer> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<?>> exchange = new AtomicReference<>();
    AtomicReference<CappedBody> body = new AtomicReference<>();
    CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (result.complete(new LrsAnswer.TimedOut(deadline))) {
                CappedBody b = body.get();
                if (b != null) {
                  b.abort(); // stops a dripping body and closes its connection
                }
                CompletableFuture<?> x = exchange.get();
                if (x != null) {
                  x.cancel(true);
                }
              }
            });
    CompletableFuture<Void> checked;
    try {
      checked =
          CompletableFuture.runAsync(
              () -> {
                try {
                  policy.checkResolved(endpoint.statements());
                } catch (OutboundUrlPolicy.RefusedException e) {
                  result.complete(new LrsAnswer.Refused(e.getMessage()));
                }
              },
              resolver);
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      result.complete(new LrsAnswer.ConnectionFailed("every resolver thread is busy"));
      return result;
    }
    checked.whenComplete(
        (ok, error) -> {
          if (error != null) {
            result.complete(new LrsAnswer.ConnectionFailed("resolution: " + error));
          }
          if (result.isDone()) {
            return;
          }
          HttpRequest request =
              HttpRequest.newBuilder(endpoint.statements())
                  .timeout(deadline)
                  .header("X-Experience-API-Version", XAPI_VERSION)
                  .header("Content-Type", "application/json")
                  .header("Authorization", endpoint.authorization())
                  .POST(HttpRequest.BodyPublishers.ofString(jsonArray))
                  .build();
          CompletableFuture<HttpResponse<CappedBody.Text>> sent =
              http.sendAsync(
                  request,
                  info -> {
                    CappedBody b = new CappedBody(maxBody);
                    body.set(b);
                    if (result.isDone()) {
                      b.abort(); // the deadline passed while the headers came in
                    }
                    return b;
                  });
          exchange.set(sent);
          if (result.isDone()) {
            sent.cancel(true);
            return;
          }
          sent.whenComplete(
              (response, failure) -> {
                if (failure != null) {
                  result.complete(failed(failure));
                  return;
                }
                result.complete(
                    new LrsAnswer.Response(
                        response.statusCode(),
                        response.body().text(),
                        response.body().truncated(),
                        response.headers().firstValue("Retry-After").flatMap(this::retryAfter),
                        Duration.ofNanos(System.nanoTime() - start)));
              });
        });
    return result;
  }

  private LrsAnswer failed(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return new LrsAnswer.TimedOut(deadline);
    }
    return new LrsAnswer.ConnectionFailed(cause.toString());
  }

  /** Retry-After as delay-seconds or an HTTP date. */
  Optional<Duration> retryAfter(String value) {
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration delay = Duration.between(clock.instant(), at);
        return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /**
   * Reads at most {@code cap} bytes of a body, then cancels the rest (the connection is closed, not
   * reused); {@link #abort()} cancels it at once.
   */
  static final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Text> {

    /** A body as text, and whether it was cut. */
    record Text(String text, boolean truncated) {}

    private final int cap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Text> done = new CompletableFuture<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean aborted;

    CappedBody(int cap) {
      this.cap = cap;
    }

    @Override
    public CompletionStage<Text> getBody() {
      return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      if (!subscription.compareAndSet(null, s) || aborted) {
        s.cancel();
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (done.isDone()) {
        return;
      }
      synchronized (bytes) {
        for (ByteBuffer b : buffers) {
          int room = cap - bytes.size();
          int n = Math.min(room, b.remaining());
          byte[] chunk = new byte[n];
          b.get(chunk);
          bytes.write(chunk, 0, n);
          if (b.hasRemaining()) {
            subscription.get().cancel();
            done.complete(new Text(text(), true));
            return;
          }
        }
      }
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      synchronized (bytes) {
        done.complete(new Text(text(), false));
      }
    }

    void abort() {
      aborted = true;
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
      done.completeExceptionally(new java.net.http.HttpTimeoutException("deadline passed"));
    }

    private String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
