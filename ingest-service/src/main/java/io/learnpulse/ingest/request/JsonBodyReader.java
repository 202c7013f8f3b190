package io.learnpulse.ingest.request;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.problem.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body as JSON into plain maps, lists, strings, numbers and booleans, for the
 * domain readers. The content type is checked before anything is read; the body is read with a
 * bound ({@code max-body-size}): a larger {@code Content-Length} is refused unread, and a body that
 * grows past the bound while streaming is cut off. Duplicate keys and trailing content are
 * malformed JSON.
 */
@Component
public class JsonBodyReader {

  private final JsonMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final int maxBytes;

  /** A reader bounded by {@code max-body-size}. */
  public JsonBodyReader(IngestProperties properties) {
    this.maxBytes = Math.toIntExact(properties.maxBodySize().toBytes());
  }

  /**
   * The parsed body of {@code request} (JSON {@code null} parses to a null value); fails with a
   * 415, 413 or 400 {@link ProblemException}.
   *
   * @param accepted media types the endpoint takes (charset, if given, must be UTF-8)
   */
  public Mono<ParsedJson> read(ServerRequest request, List<MediaType> accepted) {
    HttpHeaders headers = request.headers().asHttpHeaders();
    MediaType contentType;
    try {
      contentType = headers.getContentType();
    } catch (RuntimeException e) {
      return Mono.error(
          Problems.unsupportedMediaType(
              "the Content-Type header is malformed", acceptPost(accepted)));
    }
    if (contentType == null || !isOneOf(contentType, accepted)) {
      String acceptPost = acceptPost(accepted);
      return Mono.error(
          Problems.unsupportedMediaType(
              "Content-Type must be " + String.join(" or ", acceptPost.split(", ")), acceptPost));
    }
    Charset charset;
    try {
      charset = contentType.getCharset();
    } catch (RuntimeException e) {
      return Mono.error(
          Problems.unsupportedMediaType("the body must be encoded in UTF-8", acceptPost(accepted)));
    }
    if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
      return Mono.error(
          Problems.unsupportedMediaType("the body must be encoded in UTF-8", acceptPost(accepted)));
    }
    String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      return Mono.error(
          Problems.unsupportedMediaType(
              "Content-Encoding " + encoding + " is not supported", acceptPost(accepted)));
    }
    OptionalLong length = request.headers().contentLength();
    if (length.isPresent() && length.getAsLong() > maxBytes) {
      return Mono.error(Problems.bodyTooLarge(maxBytes));
    }
    return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
        .onErrorMap(DataBufferLimitException.class, e -> Problems.bodyTooLarge(maxBytes))
        .switchIfEmpty(Mono.error(Problems.malformedJson("the request body is empty")))
        .map(this::parse);
  }

  private static boolean isOneOf(MediaType contentType, List<MediaType> accepted) {
    for (MediaType type : accepted) {
      if (contentType.equalsTypeAndSubtype(type)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code Accept-Post} value of a 415 (only built on that path). */
  private static String acceptPost(List<MediaType> accepted) {
    return accepted.stream().map(MediaType::toString).collect(Collectors.joining(", "));
  }

  private ParsedJson parse(DataBuffer buffer) {
    try (InputStream in = buffer.asInputStream(true)) {
      return new ParsedJson(json.readValue(in, Object.class));
    } catch (JacksonException e) {
      throw Problems.malformedJson(describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = "cannot parse";
    }
    message = message.length() > 200 ? message.substring(0, 200) + "..." : message;
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      return message
          + " (line "
          + e.getLocation().getLineNr()
          + ", column "
          + e.getLocation().getColumnNr()
          + ")";
    }
    return message;
  }
}
