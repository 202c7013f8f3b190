package io.learnpulse.xapi.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Posts statement batches to an LRS with the headers xAPI 1.0.3 requires. One shared JDK HTTP
 * client (connection reuse across tenants; HTTP/1.1, which every LRS speaks).
 */
public final class LrsClient {

  /** The xAPI version LearnPulse speaks. */
  public static final String XAPI_VERSION = "1.0.3";

  private final HttpClient http;
  private final Duration requestTimeout;
  private final Clock clock;

  /** A client with the given connect and request timeouts. */
  public LrsClient(Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /**
   * POSTs a JSON array of statements.
   *
   * @throws IOException when the LRS cannot be reached or does not answer in time
   */
  public LrsResponse postStatements(LrsEndpoint endpoint, String jsonArray)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.statements())
            .timeout(requestTimeout)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json")
            .header("Authorization", endpoint.authorization())
            .POST(HttpRequest.BodyPublishers.ofString(jsonArray))
            .build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    return new LrsResponse(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("Retry-After").flatMap(this::retryAfter),
        latency);
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
}
