package io.learnpulse.ingest.metrics;

import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.domain.Violation;
import io.learnpulse.ingest.problem.Problems;
import io.learnpulse.schemas.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificData;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The service's own meters (visible at {@code /actuator/prometheus} with dots as underscores):
 *
 * <ul>
 *   <li>{@value #REQUESTS} counter, tags {@code endpoint} (events, heartbeats, beacon, end) and
 *       {@code outcome} (accepted, rejected, unauthorized, forbidden, unavailable, error);
 *   <li>{@value #EVENTS} counter of records Kafka acknowledged, tag {@code type} (the Avro record
 *       name, as in {@code ce_type});
 *   <li>{@value #KAFKA_SEND} timer of a request's whole wait for Kafka's acknowledgements, tag
 *       {@code outcome} (acknowledged, failed);
 *   <li>{@value #REJECTIONS} counter of 4xx problems, tag {@code reason}: each distinct violation
 *       reason of an invalid body ({@code missing}, {@code out_of_range}, ...), otherwise the
 *       problem type ({@code malformed-json}, {@code invalid-token}, {@code origin-not-allowed},
 *       ...).
 * </ul>
 *
 * The meters of known tag values are registered up front, so dashboards see zeros, not gaps.
 */
@Component
public class IngestMetrics {

  /** Requests to the player endpoints by outcome. */
  public static final String REQUESTS = "learnpulse.ingest.requests";

  /** Events stored in Kafka by type. */
  public static final String EVENTS = "learnpulse.ingest.events";

  /** Wait for Kafka's acknowledgement of a request's records. */
  public static final String KAFKA_SEND = "learnpulse.ingest.kafka.send";

  /** Rejected requests by reason. */
  public static final String REJECTIONS = "learnpulse.ingest.rejections";

  /** The player endpoints, as the {@code endpoint} tag names them. */
  public static final List<String> ENDPOINTS = List.of("events", "heartbeats", "beacon", "end");

  /** Outcomes of a request, as the {@code outcome} tag names them. */
  public enum Outcome {
    /** 2xx: stored. */
    ACCEPTED,
    /** 4xx other than 401 and 403: the request itself was wrong. */
    REJECTED,
    /** 401: no valid session token. */
    UNAUTHORIZED,
    /** 403: token of another session, or an origin the tenant does not allow. */
    FORBIDDEN,
    /** 503: Kafka or the token keys unavailable. */
    UNAVAILABLE,
    /** Any other 5xx: a bug. */
    ERROR;

    /** The outcome of a response with {@code status}. */
    public static Outcome of(int status) {
      if (status >= 200 && status < 300) {
        return ACCEPTED;
      }
      if (status == 401) {
        return UNAUTHORIZED;
      }
      if (status == 403) {
        return FORBIDDEN;
      }
      if (status == 503) {
        return UNAVAILABLE;
      }
      return status >= 400 && status < 500 ? REJECTED : ERROR;
    }

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> events = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
  private final Timer acknowledged;
  private final Timer failed;

  /** Meters registered in {@code registry}. */
  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String endpoint : ENDPOINTS) {
      for (Outcome outcome : Outcome.values()) {
        requestCounter(endpoint, outcome);
      }
    }
    Stream.of(Topics.ACTIVITY, Topics.HEARTBEAT)
        .flatMap(topic -> topic.valueTypes().stream())
        .map(type -> SpecificData.get().getSchema(type).getName())
        .forEach(this::eventCounter);
    for (Violation.Reason reason : Violation.Reason.values()) {
      rejectionCounter(reason.name().toLowerCase(Locale.ROOT));
    }
    this.acknowledged = sendTimer("acknowledged");
    this.failed = sendTimer("failed");
  }

  /** Counts a finished request to {@code endpoint}. */
  public void request(String endpoint, Outcome outcome) {
    requestCounter(endpoint, outcome).increment();
  }

  /** Counts records Kafka acknowledged. */
  public void stored(List<OutboundRecord> records) {
    // One counter lookup per run of records of the same type (a batch is mostly one type).
    String type = null;
    int run = 0;
    for (OutboundRecord record : records) {
      String next = record.value().getSchema().getName();
      if (!next.equals(type)) {
        if (run > 0) {
          eventCounter(type).increment(run);
        }
        type = next;
        run = 0;
      }
      run++;
    }
    if (run > 0) {
      eventCounter(type).increment(run);
    }
  }

  /** Starts timing a wait for acknowledgements. */
  public Timer.Sample sendStarted() {
    return Timer.start(registry);
  }

  /** Ends timing a wait for acknowledgements. */
  public void sendFinished(Timer.Sample sample, boolean acknowledged) {
    sample.stop(acknowledged ? this.acknowledged : this.failed);
  }

  /** Counts a rejection (a 4xx problem) by its reasons. */
  public void rejected(ProblemDetail problem) {
    if (!HttpStatusCode.valueOf(problem.getStatus()).is4xxClientError()) {
      return;
    }
    Object errors =
        problem.getProperties() == null ? null : problem.getProperties().get(Problems.ERRORS);
    if (!(errors instanceof List<?> violations) || violations.isEmpty()) {
      rejectionCounter(Problems.slug(problem)).increment();
      return;
    }
    violations.stream()
        .map(v -> v instanceof Map<?, ?> error ? String.valueOf(error.get("reason")) : "unknown")
        .distinct()
        .forEach(reason -> rejectionCounter(reason).increment());
  }

  private Counter requestCounter(String endpoint, Outcome outcome) {
    return requests.computeIfAbsent(
        endpoint + "/" + outcome.tag(),
        key ->
            Counter.builder(REQUESTS)
                .description("Requests to the player endpoints, by endpoint and outcome")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome.tag())
                .register(registry));
  }

  private Counter eventCounter(String type) {
    return events.computeIfAbsent(
        type, counter(EVENTS, "type", "Events Kafka acknowledged, by Avro record type"));
  }

  private Counter rejectionCounter(String reason) {
    return rejections.computeIfAbsent(
        reason,
        counter(REJECTIONS, "reason", "Rejected requests, by violation reason or problem type"));
  }

  private Function<String, Counter> counter(String name, String tag, String description) {
    return value ->
        Counter.builder(name).description(description).tag(tag, value).register(registry);
  }

  private Timer sendTimer(String outcome) {
    return Timer.builder(KAFKA_SEND)
        .description("Wait for Kafka to acknowledge all records of a request")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry);
  }
}
