package io.learnpulse.ingest.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Avro event ready to be written: destination, key, value and CloudEvents-style headers.
 *
 * @param eventId the event id, also {@code ce_id}
 * @param topic destination topic name
 * @param key record key: the registration id
 * @param value the Avro record
 * @param headers {@code ce_*} headers, in a stable order
 */
public record OutboundRecord(
    UUID eventId, String topic, String key, SpecificRecord value, Map<String, String> headers) {

  /** Validates the parts and freezes the headers (keeping their order). */
  public OutboundRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
