package io.learnpulse.lmssync.sync;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.lmssync.kafka.AvroBytes;
import io.learnpulse.lmssync.kafka.PoisonRecordException;
import io.learnpulse.lmssync.scorm.Checkpoint;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes topic status, heartbeats and session activity (session ends and resumes, and the
 * player's checkpoints, which move the bookmark). Topic status and activity records are applied one
 * transaction per record ({@link EventApplier}), heartbeats one transaction per consumer batch with
 * a fixed number of statements ({@link HeartbeatBatchWriter}); records of one registration share a
 * partition and are applied in their order. Failures go through the service's error handler to the
 * topic's dead-letter topic; a record that breaks the event limits ({@link RecordLimits}) goes
 * there at once, without retries. Topic names come from {@code learnpulse.lms-sync.topics.*}
 * (defaulting to the catalog).
 */
@Component
class SyncListeners {

  private static final Logger log = LoggerFactory.getLogger(SyncListeners.class);
  private static final LogAccessor LOG_ACCESSOR = new LogAccessor(SyncListeners.class);

  private final EventApplier applier;
  private final HeartbeatBatchWriter heartbeats;

  SyncListeners(EventApplier applier, HeartbeatBatchWriter heartbeats) {
    this.applier = applier;
    this.heartbeats = heartbeats;
  }

  @KafkaListener(id = "lms-sync-topic-status", topics = "#{@lmsSyncTopics.topicStatus()}")
  void onTopicStatus(ConsumerRecord<String, TopicStatus> record) {
    applier.apply(topicStatusId(record), record.topic(), record.value());
  }

  /**
   * Heartbeats arrive as a batch and are written in one transaction ({@link
   * HeartbeatBatchWriter#write}). If that transaction fails, the batch is applied record by record,
   * each in its own transaction ({@link EventApplier}), and the first record that fails alone is
   * reported by index, so the error handler commits the offsets of the records before it, retries
   * from it and finally dead-letters it alone. A record that could not be deserialized is reported
   * the same way, after the records before it were applied.
   */
  @KafkaListener(
      id = "lms-sync-heartbeat",
      topics = "#{@lmsSyncTopics.heartbeat()}",
      batch = "true",
      // ADR 41: at a few heartbeats per second a poll returned one or two, and each paid a
      // transaction and an offset commit; the broker now holds a fetch until 64 KiB (about 150
      // heartbeats) or 250 ms. No SCORM value waits on a heartbeat by more than that.
      properties = {"fetch.min.bytes=65536", "fetch.max.wait.ms=250"})
  void onHeartbeats(List<ConsumerRecord<String, Heartbeat>> records) {
    int end = 0;
    PoisonRecordException poison = null;
    while (end < records.size() && records.get(end).value() != null) {
      try {
        RecordLimits.check(records.get(end).value());
      } catch (PoisonRecordException e) {
        poison = e;
        break;
      }
      end++;
    }
    applyHeartbeats(records.subList(0, end));
    if (poison != null) {
      // Not retryable (KafkaConfiguration): dead-lettered at once, the records after it go on.
      throw new BatchListenerFailedException("heartbeat breaks the event limits", poison, end);
    }
    if (end < records.size()) {
      ConsumerRecord<String, Heartbeat> broken = records.get(end);
      DeserializationException cause =
          SerializationUtils.getExceptionFromHeader(
              broken, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
      throw new BatchListenerFailedException("heartbeat without a value", cause, end);
    }
  }

  private void applyHeartbeats(List<ConsumerRecord<String, Heartbeat>> records) {
    if (records.isEmpty()) {
      return;
    }
    String topic = records.get(0).topic();
    try {
      heartbeats.write(topic, records.stream().map(ConsumerRecord::value).toList());
      return;
    } catch (RuntimeException batchFailure) {
      log.info(
          "heartbeat batch of {} failed ({}); applying its records one by one",
          records.size(),
          batchFailure.toString());
    }
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, Heartbeat> record = records.get(i);
      try {
        applier.apply(record.value().getMetadata().getEventId(), record.topic(), record.value());
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("heartbeat could not be applied", e, i);
      }
    }
  }

  @KafkaListener(id = "lms-sync-activity", topics = "#{@lmsSyncTopics.activity()}")
  void onActivity(ConsumerRecord<String, Object> record) {
    Object value = record.value();
    if (value instanceof SessionResumed e) {
      RecordLimits.check(e.getMetadata());
      applier.applySessionResumed(e.getMetadata().getEventId(), record.topic(), e);
      return;
    }
    EventMetadata metadata;
    if (value instanceof SessionSuspended e) {
      metadata = e.getMetadata();
    } else if (value instanceof SessionTerminated e) {
      metadata = e.getMetadata();
    } else if (value instanceof SessionAbandoned e) {
      metadata = e.getMetadata();
    } else if (value instanceof ChallengeOpened e) {
      checkpoint(
          record, e.getMetadata(), new Checkpoint.Opened(e.getTopicId(), e.getChallengeId()));
      return;
    } else if (value instanceof StepReached e) {
      checkpoint(
          record,
          e.getMetadata(),
          new Checkpoint.StepReached(e.getTopicId(), e.getChallengeId(), e.getStep()));
      return;
    } else if (value instanceof HintRevealed e) {
      checkpoint(
          record,
          e.getMetadata(),
          new Checkpoint.HintRevealed(e.getTopicId(), e.getChallengeId(), e.getHintIndex()));
      return;
    } else if (value instanceof AnswerSubmitted e) {
      checkpoint(
          record,
          e.getMetadata(),
          new Checkpoint.AnswerSubmitted(
              e.getTopicId(),
              e.getChallengeId(),
              e.getAnswerId(),
              e.getOutcome() == AnswerOutcome.PENDING_REVIEW));
      return;
    } else if (value instanceof AnswerReviewed e) {
      checkpoint(
          record,
          e.getMetadata(),
          new Checkpoint.AnswerReviewed(e.getTopicId(), e.getChallengeId(), e.getAnswerId()));
      return;
    } else {
      log.trace("activity {} not needed here", value == null ? null : value.getClass());
      return;
    }
    RecordLimits.check(metadata);
    applier.applySessionEnd(metadata.getEventId(), record.topic(), value);
  }

  private void checkpoint(
      ConsumerRecord<String, Object> record, EventMetadata metadata, Checkpoint checkpoint) {
    RecordLimits.check(metadata);
    applier.applyCheckpoint(metadata.getEventId(), record.topic(), metadata, checkpoint);
  }

  /**
   * Topic status has no event id of its own: the {@code ce_id} header scoring-service writes,
   * otherwise (a producer that set none, or not a UUID) the same content id scoring derives ({@link
   * CloudEventHeaders#contentId}: a name-based UUID of the record's key and Avro content), so the
   * same status delivered twice is recognized.
   */
  static UUID topicStatusId(ConsumerRecord<String, TopicStatus> record) {
    return CloudEventHeaders.id(record.headers())
        .orElseGet(
            () ->
                CloudEventHeaders.contentId(
                    String.valueOf(record.key()), AvroBytes.encode(record.value())));
  }
}
