package io.learnpulse.ingest.request;

import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.domain.Validation;
import io.learnpulse.ingest.problem.Problems;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The shared ends of an ingestion request: the 202 answer, and validation failures as problems. */
public final class Accepted {

  private Accepted() {}

  /** {@code 202 {"accepted": [ids]}} for records Kafka acknowledged. */
  public static Mono<ServerResponse> response(List<OutboundRecord> records) {
    return ServerResponse.accepted()
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(records));
  }

  /**
   * The answer's JSON, written directly: the ids are UUIDs in canonical form (hex digits and
   * hyphens), which need no escaping, so no JSON encoder has to run on the hot path.
   */
  static String body(List<OutboundRecord> records) {
    StringBuilder json = new StringBuilder(16 + records.size() * 39);
    json.append("{\"accepted\":[");
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append('"').append(records.get(i).eventId()).append('"');
    }
    return json.append("]}").toString();
  }

  /** The valid value, or the 400/413/422 problem a failed validation answers with. */
  public static <T> T orThrow(Validation<T> validation) {
    if (validation instanceof Validation.Valid<T> valid) {
      return valid.value();
    }
    if (validation instanceof Validation.Invalid<T> invalid) {
      throw Problems.invalidBody(invalid.violations(), invalid.malformed());
    }
    Validation.TooLarge<T> tooLarge = (Validation.TooLarge<T>) validation;
    throw Problems.batchTooLarge(tooLarge.size(), tooLarge.maximum());
  }
}
