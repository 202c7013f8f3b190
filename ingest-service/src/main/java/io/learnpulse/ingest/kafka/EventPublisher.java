package io.learnpulse.ingest.kafka;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.metrics.IngestMetrics;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a request's records to Kafka and completes only when the broker acknowledged every one
 * (the producer runs with {@code acks=all} and idempotence). The send calls run off the event loop
 * because the producer may block on metadata, buffer space or a first schema lookup, on one
 * dedicated thread ({@code kafka-send}): it takes the requests one after the other and is woken
 * only when it had nothing to do, where a pool of workers (Reactor's {@code boundedElastic}) hands
 * each request to an idle thread and so pays a thread wake-up per request
 * (docs/adr/0039-ingest-settled-request-path.md). A blocked send holds the requests behind it; each
 * is still bounded by {@code kafka-send-timeout}, and all would wait for the same metadata or
 * buffer space anyway. A failure or a missing acknowledgement after {@code kafka-send-timeout}
 * fails with {@link PublishFailedException}; some records may have been written then, and consumers
 * deduplicate by event id when the client retries.
 *
 * <p>The records go straight to the template's producer with one callback object for the whole
 * request, not through {@link KafkaTemplate#send}, which builds a future and times a Micrometer
 * sample per record (docs/adr/0037-ingest-cpu-per-request.md): the acknowledgement of the last
 * record, or the first failure, completes the request's one {@link Mono}.
 */
@Component
public class EventPublisher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaTemplate<String, SpecificRecord> template;
  private final Duration timeout;
  private final IngestMetrics metrics;
  private final Scheduler sender = Schedulers.newSingle("kafka-send", true);

  /** A publisher over Boot's template (its producer factory and settings). */
  public EventPublisher(
      KafkaTemplate<String, SpecificRecord> template,
      IngestProperties properties,
      IngestMetrics metrics) {
    this.template = template;
    this.timeout = properties.kafkaSendTimeout();
    this.metrics = metrics;
  }

  /** Writes {@code records} in order and completes once all are acknowledged. */
  public Mono<Void> publish(List<OutboundRecord> records) {
    if (records.isEmpty()) {
      // No acknowledgement would ever come to count down (validation refuses empty batches).
      return Mono.empty();
    }
    return Mono.defer(
        () -> {
          Delivery delivery = new Delivery(records);
          return Mono.<Void>create(sink -> send(records, delivery.to(sink)))
              .subscribeOn(sender)
              .timeout(timeout, Mono.error(delivery::timedOut));
        });
  }

  /** Stops the sending thread. */
  @Override
  public void destroy() {
    sender.dispose();
  }

  private void send(List<OutboundRecord> records, Delivery delivery) {
    try {
      template.execute(
          producer -> {
            sendAll(producer, records, delivery);
            return null;
          });
    } catch (RuntimeException e) {
      delivery.failed(e);
    }
  }

  private static void sendAll(
      Producer<String, SpecificRecord> producer, List<OutboundRecord> records, Delivery delivery) {
    for (OutboundRecord record : records) {
      if (delivery.isOver()) {
        return;
      }
      producer.send(producerRecord(record), delivery);
    }
  }

  /** The record with its five {@code ce_*} headers ({@link CloudEventHeaders#writeTo}). */
  private static ProducerRecord<String, SpecificRecord> producerRecord(OutboundRecord record) {
    return new ProducerRecord<>(
        record.topic(),
        null,
        record.key(),
        record.value(),
        record.cloudEvent().writeTo(new RecordHeaders()));
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * The acknowledgements of one request's records: completes the request once every record is
   * acknowledged, fails it at the first failure or at {@code kafka-send-timeout}, whichever comes
   * first, and times the wait ({@code learnpulse.ingest.kafka.send}) from the subscription to that
   * outcome, once.
   */
  private final class Delivery implements Callback {

    private static final int OVER = -1;

    private final List<OutboundRecord> records;
    private final Timer.Sample wait;
    private final AtomicInteger pending;
    private volatile MonoSink<Void> sink;

    Delivery(List<OutboundRecord> records) {
      this.records = records;
      this.wait = metrics.sendStarted();
      this.pending = new AtomicInteger(records.size());
    }

    Delivery to(MonoSink<Void> sink) {
      this.sink = sink;
      return this;
    }

    boolean isOver() {
      return pending.get() == OVER;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        failed(exception);
        return;
      }
      int left;
      do {
        left = pending.get();
        if (left == OVER) {
          return;
        }
      } while (!pending.compareAndSet(left, left == 1 ? OVER : left - 1));
      if (left == 1) {
        metrics.sendFinished(wait, true);
        metrics.stored(records);
        log.atDebug()
            .setMessage("records stored")
            .addKeyValue("records", records.size())
            .addKeyValue("topic", records.get(0).topic())
            .log();
        sink.success();
      }
    }

    void failed(Throwable failure) {
      if (pending.getAndSet(OVER) != OVER) {
        metrics.sendFinished(wait, false);
        sink.error(
            failure instanceof PublishFailedException
                ? failure
                : new PublishFailedException(
                    "Kafka refused the records: " + describe(failure), failure));
      }
    }

    PublishFailedException timedOut() {
      if (pending.getAndSet(OVER) != OVER) {
        metrics.sendFinished(wait, false);
      }
      return new PublishFailedException("no acknowledgement within " + timeout, null);
    }
  }
}
