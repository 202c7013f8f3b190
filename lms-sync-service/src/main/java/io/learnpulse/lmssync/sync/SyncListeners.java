package io.learnpulse.lmssync.sync;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.lmssync.kafka.AvroBytes;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes topic status, heartbeats and session activity. Each record is applied in its own
 * database transaction ({@link EventApplier}); failures go through the service's error handler to
 * the topic's dead-letter topic. Topic names come from {@code learnpulse.lms-sync.topics.*}
 * (defaulting to the catalog).
 */
@Component
class SyncListeners {

  private static final Logger log = LoggerFactory.getLogger(SyncListeners.class);

  private final EventApplier applier;

  SyncListeners(EventApplier applier) {
    this.applier = applier;
  }

  @KafkaListener(id = "lms-sync-topic-status", topics = "#{@lmsSyncTopics.topicStatus()}")
  void onTopicStatus(ConsumerRecord<String, TopicStatus> record) {
    applier.apply(topicStatusId(record), record.topic(), record.value());
  }

  @KafkaListener(id = "lms-sync-heartbeat", topics = "#{@lmsSyncTopics.heartbeat()}")
  void onHeartbeat(ConsumerRecord<String, Heartbeat> record) {
    applier.apply(record.value().getMetadata().getEventId(), record.topic(), record.value());
  }

  @KafkaListener(id = "lms-sync-activity", topics = "#{@lmsSyncTopics.activity()}")
  void onActivity(ConsumerRecord<String, Object> record) {
    Object value = record.value();
    UUID eventId;
    if (value instanceof SessionSuspended e) {
      eventId = e.getMetadata().getEventId();
    } else if (value instanceof SessionTerminated e) {
      eventId = e.getMetadata().getEventId();
    } else if (value instanceof SessionAbandoned e) {
      eventId = e.getMetadata().getEventId();
    } else {
      log.trace("activity {} not needed here", value == null ? null : value.getClass());
      return;
    }
    applier.applySessionEnd(eventId, record.topic(), value);
  }

  /**
   * Topic status has no event id of its own: the {@code ce_id} header when the producer set one,
   * otherwise a name-based UUID of the record's key and Avro content, so the same status delivered
   * twice is recognized.
   */
  static UUID topicStatusId(ConsumerRecord<String, TopicStatus> record) {
    Header header = record.headers().lastHeader("ce_id");
    if (header != null) {
      try {
        return UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notAUuid) {
        log.debug("ce_id header of {} is not a UUID; deriving the id", record.topic());
      }
    }
    byte[] key = String.valueOf(record.key()).getBytes(StandardCharsets.UTF_8);
    byte[] content = AvroBytes.encode(record.value());
    byte[] name = new byte[key.length + 1 + content.length];
    System.arraycopy(key, 0, name, 0, key.length);
    System.arraycopy(content, 0, name, key.length + 1, content.length);
    return UUID.nameUUIDFromBytes(name);
  }
}
