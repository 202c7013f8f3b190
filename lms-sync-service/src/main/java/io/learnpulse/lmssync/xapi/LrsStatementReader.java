package io.learnpulse.lmssync.xapi;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.schemas.net.OutboundUrlPolicy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the statements a tenant's LRS holds for one xAPI registration ({@code GET
 * <endpoint>/statements?registration=<uuid>&limit=<page>}, xAPI 1.0.3, the tenant's Basic
 * credentials), following {@code more} links on the same origin until {@code max-statements}, all
 * within one deadline that covers DNS, connection, answers and bodies (ADR 0031). Every request's
 * URL is judged by the outbound URL policy with the tenant-LRS allow-list, resolving the host
 * first, so a refused host gets no request at all. Never throws for what the LRS does: the {@link
 * Lookup} says how it ended. Credentials appear in no answer, exception or log line.
 */
@Component
class LrsStatementReader implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(LrsStatementReader.class);
  private static final String XAPI_VERSION = "1.0.3";

  /** Where to read from: the tenant's endpoint and Basic credentials. */
  record Source(URI endpoint, String username, String password) {

    Source {
      Objects.requireNonNull(endpoint, "endpoint");
    }

    String authorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Source[" + endpoint.getHost() + "]";
    }
  }

  /** How a lookup ended. */
  enum Outcome {
    /** The LRS answered (every page read, or as many as the cap or the deadline allowed). */
    DELIVERED,
    /** No usable answer: connection failed, timed out, 5xx, an unreadable or oversized body. */
    UNREACHABLE,
    /** Not asked (the URL policy refused the host) or the LRS refused (4xx, e.g. 401). */
    REFUSED
  }

  /**
   * A lookup's result.
   *
   * @param outcome how it ended; {@code DELIVERED} as soon as one page was read
   * @param lrsStatus the HTTP status of the LRS's refusing or failing answer, else null
   * @param reason why it is not complete (refusal, failure, cap, deadline), else null
   * @param statements the statements read, newest stored first as the LRS orders them
   * @param truncated the LRS holds more than {@code statements} (cap, deadline, a later page
   *     failed)
   */
  record Lookup(
      Outcome outcome,
      Integer lrsStatus,
      String reason,
      List<JsonNode> statements,
      boolean truncated) {}

  private final OutboundUrlPolicy policy;
  private final Duration deadline;
  private final int maxStatements;
  private final int pageSize;
  private final int maxPageBytes;
  private final JsonMapper json;
  private final HttpClient http;
  private final ThreadPoolExecutor resolver =
      new ThreadPoolExecutor(
          0,
          8,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          task -> {
            Thread thread = new Thread(task, "lrs-lookup-resolver");
            thread.setDaemon(true);
            return thread;
          });

  LrsStatementReader(LmsSyncProperties properties, JsonMapper json) {
    LmsSyncProperties.XapiLookup lookup = properties.xapiLookup();
    this.policy = OutboundUrlPolicy.allowing(properties.lrsAllowedHosts());
    this.deadline = lookup.deadline();
    this.maxStatements = lookup.maxStatements();
    this.pageSize = Math.min(lookup.pageSize(), lookup.maxStatements());
    this.maxPageBytes = (int) Math.min(Integer.MAX_VALUE - 8, lookup.maxPageBytes().toBytes());
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(deadline)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The statements of {@code registration} (an xAPI registration UUID) at {@code source}. */
  Lookup read(Source source, UUID registration) {
    long end = System.nanoTime() + deadline.toNanos();
    List<JsonNode> statements = new ArrayList<>();
    URI next = firstPage(source.endpoint(), registration);
    int page = 0;
    while (next != null) {
      page++;
      Lookup failed;
      try {
        Page answer = fetch(source, next, end);
        if (answer.status() != 200) {
          failed = answerStatus(answer.status());
        } else {
          JsonNode body = json.readTree(answer.body());
          JsonNode list = body.path("statements");
          if (!list.isArray()) {
            failed = unreachable(null, "the LRS's answer has no statements list");
          } else {
            for (JsonNode statement : list) {
              if (statements.size() == maxStatements) {
                return cut(statements, "more than " + maxStatements + " statements");
              }
              statements.add(statement);
            }
            String more = body.path("more").asString("");
            if (more.isBlank()) {
              return new Lookup(Outcome.DELIVERED, null, null, statements, false);
            }
            if (statements.size() == maxStatements) {
              return cut(statements, "more than " + maxStatements + " statements");
            }
            next = sameOrigin(source.endpoint(), more);
            if (next == null) {
              return cut(statements, "the LRS's more link leaves its origin; not followed");
            }
            continue;
          }
        }
      } catch (Refused e) {
        failed = new Lookup(Outcome.REFUSED, null, e.getMessage(), List.of(), false);
      } catch (Unreachable e) {
        failed = unreachable(null, e.getMessage());
      } catch (JacksonException e) {
        failed = unreachable(null, "the LRS's answer is not JSON");
      }
      if (page == 1) {
        log.debug("LRS lookup at {} ended: {}", source.endpoint().getHost(), failed.reason());
        return failed;
      }
      return cut(statements, "page " + page + ": " + failed.reason());
    }
    return new Lookup(Outcome.DELIVERED, null, null, statements, false);
  }

  private static Lookup cut(List<JsonNode> statements, String reason) {
    return new Lookup(Outcome.DELIVERED, null, reason, statements, true);
  }

  private static Lookup unreachable(Integer status, String reason) {
    return new Lookup(Outcome.UNREACHABLE, status, reason, List.of(), false);
  }

  private static Lookup answerStatus(int status) {
    if (status >= 400 && status < 500) {
      return new Lookup(
          Outcome.REFUSED, status, "the LRS answered HTTP " + status, List.of(), false);
    }
    return unreachable(status, "the LRS answered HTTP " + status);
  }

  private URI firstPage(URI endpoint, UUID registration) {
    String base = endpoint.toString();
    return URI.create(
        (base.endsWith("/") ? base : base + "/")
            + "statements?registration="
            + URLEncoder.encode(registration.toString(), StandardCharsets.UTF_8)
            + "&limit="
            + pageSize);
  }

  /** The {@code more} link resolved against the endpoint, or null when it leaves its origin. */
  private static URI sameOrigin(URI endpoint, String more) {
    URI next;
    try {
      next = endpoint.resolve(more);
    } catch (IllegalArgumentException e) {
      return null;
    }
    boolean same =
        Objects.equals(endpoint.getScheme(), next.getScheme())
            && Objects.equals(endpoint.getHost(), next.getHost())
            && port(endpoint) == port(next)
            && next.getRawUserInfo() == null;
    return same ? next : null;
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private record Page(int status, byte[] body) {}

  /** One request, judged by the policy first, ended at {@code end} whatever the LRS does. */
  private Page fetch(Source source, URI url, long end) throws Refused, Unreachable {
    CompletableFuture<Void> checked;
    try {
      checked =
          CompletableFuture.runAsync(
              () -> {
                try {
                  policy.checkResolved(url);
                } catch (OutboundUrlPolicy.RefusedException e) {
                  throw new java.util.concurrent.CompletionException(
                      new Refused("the outbound URL policy refuses the LRS: " + e.getMessage()));
                }
              },
              resolver);
    } catch (RejectedExecutionException busy) {
      throw new Unreachable("too many LRS lookups resolving at once");
    }
    await(checked, end, "resolving the LRS's host");
    Capped body = new Capped(maxPageBytes);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(remaining(end))
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Accept", "application/json")
            .header("Authorization", source.authorization())
            .GET()
            .build();
    CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, info -> body);
    try {
      HttpResponse<byte[]> response = await(sent, end, "reading the LRS's answer");
      return new Page(response.statusCode(), response.body());
    } finally {
      body.abort(); // no-op once the body is complete; otherwise closes the connection
      sent.cancel(true);
    }
  }

  private <T> T await(CompletableFuture<T> future, long end, String doing)
      throws Refused, Unreachable {
    try {
      return future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new Unreachable("no answer within " + deadline.toMillis() + " ms (" + doing + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted");
    } catch (CancellationException e) {
      throw new Unreachable("cancelled");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof Refused refused) {
        throw refused;
      }
      if (cause instanceof TooLarge) {
        throw new Unreachable("the LRS's answer is larger than " + maxPageBytes + " bytes");
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new Unreachable("no answer within " + deadline.toMillis() + " ms (" + doing + ")");
      }
      // The exception's class only: messages of connection failures can carry the URL.
      throw new Unreachable("cannot reach the LRS (" + cause.getClass().getSimpleName() + ")");
    }
  }

  private static Duration remaining(long end) {
    return Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime()));
  }

  @Override
  public void destroy() {
    resolver.shutdownNow();
  }

  /** The policy refused the URL: no request was made. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** No usable answer. */
  private static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body too large", null, false, false);
    }
  }

  /** A body of at most {@code max} bytes; more cancels the exchange. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    Capped(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (bytes.size() + item.remaining() > max) {
          result.completeExceptionally(new TooLarge());
          subscription.cancel();
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public synchronized void onComplete() {
      result.complete(bytes.toByteArray());
    }

    void abort() {
      if (result.completeExceptionally(new CancellationException("deadline"))) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }
  }
}
