package io.learnpulse.ingest.request;

/**
 * A parsed JSON body: a {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean},
 * or null for the JSON literal {@code null}.
 *
 * @param value the parsed value
 */
public record ParsedJson(Object value) {}
