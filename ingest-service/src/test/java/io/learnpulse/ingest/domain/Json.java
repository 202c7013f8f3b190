package io.learnpulse.ingest.domain;

import tools.jackson.databind.json.JsonMapper;

/** Parses JSON text into the plain values the readers take, as the HTTP layer does. */
final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static Object parse(String json) {
    return MAPPER.readValue(json, Object.class);
  }
}
