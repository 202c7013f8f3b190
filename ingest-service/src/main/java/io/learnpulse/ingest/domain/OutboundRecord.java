package io.learnpulse.ingest.domain;

import io.learnpulse.schemas.wire.CloudEventHeaders;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Avro event ready to be written: destination, key, value and CloudEvents attributes.
 *
 * @param eventId the event id, also {@code ce_id}
 * @param topic destination topic name
 * @param key record key: the registration id
 * @param value the Avro record
 * @param cloudEvent the {@code ce_*} attributes the record's headers carry
 */
public record OutboundRecord(
    UUID eventId, String topic, String key, SpecificRecord value, CloudEventHeaders cloudEvent) {

  /** Validates the parts. */
  public OutboundRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(cloudEvent, "cloudEvent");
  }

  /** The {@code ce_*} headers as text, in their stable order. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(cloudEvent.asMap());
  }
}
