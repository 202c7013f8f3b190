package io.learnpulse.ingest.request;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.problem.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
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

  private final JsonMapper json = JsonMapper.builder().build();

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
    try (InputStream in = buffer.asInputStream(true);
        JsonParser parser = json.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw Problems.malformedJson("the request body holds no JSON value");
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw Problems.malformedJson(
            "trailing content after the JSON value" + at(parser.currentTokenLocation()));
      }
      return new ParsedJson(value);
    } catch (JacksonException e) {
      throw Problems.malformedJson(describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value starting at {@code token}, as Jackson's untyped binding reads it (objects as ordered
   * maps, arrays as lists, integers as Integer, Long or BigInteger, other numbers as Double), with
   * a repeated property name in an object refused as malformed. Read straight from the token
   * stream: the binding's duplicate check (a hash set per object, beside the map that already has
   * the names) was a twentieth of a 50-event request's CPU. The parser bounds the nesting depth.
   */
  private static Object value(JsonParser parser, JsonToken token) {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
          int size = object.size();
          object.put(name, value(parser, parser.nextToken()));
          if (object.size() == size) {
            throw Problems.malformedJson(
                "duplicate property \""
                    + shortened(name)
                    + "\""
                    + at(parser.currentTokenLocation()));
          }
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken item = parser.nextToken();
            item != JsonToken.END_ARRAY;
            item = parser.nextToken()) {
          array.add(value(parser, item));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getString();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default ->
          throw Problems.malformedJson("unexpected " + token + at(parser.currentTokenLocation()));
    }
  }

  private static String shortened(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static String at(TokenStreamLocation location) {
    return location != null && location.getLineNr() > 0
        ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
        : "";
  }

  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = "cannot parse";
    }
    return shortened(message) + at(e.getLocation());
  }
}
