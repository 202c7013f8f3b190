package io.learnpulse.ingest.problem;

import io.learnpulse.ingest.domain.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An RFC 9457 problem: status, a stable {@code type} URI clients can switch on, a title, a detail
 * for this occurrence, and for invalid bodies the list of {@code errors}, each naming the offending
 * value by JSON pointer.
 *
 * @param status HTTP status
 * @param type problem type slug; the {@code type} member is {@value #TYPE_PREFIX} + slug
 * @param title short summary of the problem type
 * @param detail explanation of this occurrence
 * @param errors per-value violations, possibly empty
 * @param headers extra response headers (e.g. {@code Retry-After})
 */
public record Problem(
    HttpStatus status,
    String type,
    String title,
    String detail,
    List<Violation> errors,
    HttpHeaders headers) {

  /** Prefix of every LearnPulse problem type. */
  public static final String TYPE_PREFIX = "urn:learnpulse:problem:";

  /** Validates and freezes the parts. */
  public Problem {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    errors = List.copyOf(errors);
    HttpHeaders copy = new HttpHeaders();
    copy.addAll(headers);
    headers = HttpHeaders.readOnlyHttpHeaders(copy);
  }

  /** A problem without per-value errors or extra headers. */
  public static Problem of(HttpStatus status, String type, String title, String detail) {
    return new Problem(status, type, title, detail, List.of(), new HttpHeaders());
  }

  /** The same problem with an extra response header. */
  public Problem withHeader(String name, String value) {
    HttpHeaders copy = new HttpHeaders();
    copy.addAll(headers);
    copy.add(name, value);
    return new Problem(status, type, title, detail, errors, copy);
  }

  /** The problem+json document for a request to {@code instance}. */
  public Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + type);
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", instance);
    if (!errors.isEmpty()) {
      body.put(
          "errors",
          errors.stream()
              .map(
                  v -> {
                    Map<String, String> error = new LinkedHashMap<>();
                    error.put("pointer", v.pointer());
                    error.put("reason", v.reason().name().toLowerCase(Locale.ROOT));
                    error.put("detail", v.detail());
                    return error;
                  })
              .toList());
    }
    return body;
  }
}
