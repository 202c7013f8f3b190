package io.learnpulse.ingest.kafka;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a request's records to Kafka and completes only when the broker acknowledged every one
 * (the producer runs with {@code acks=all} and idempotence). The send calls run off the event loop
 * because the producer may block on metadata, buffer space or a first schema lookup. A failure or a
 * missing acknowledgement after {@code kafka-send-timeout} fails with {@link
 * PublishFailedException}; some records may have been written then, and consumers deduplicate by
 * event id when the client retries.
 */
@Component
public class EventPublisher {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaTemplate<String, SpecificRecord> template;
  private final Duration timeout;
  private final IngestMetrics metrics;

  /** A publisher over Boot's template. */
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
    return Mono.defer(
            () -> {
              Timer.Sample wait = metrics.sendStarted();
              return Mono.defer(() -> Mono.fromFuture(sendAll(records), true))
                  .subscribeOn(Schedulers.boundedElastic())
                  .timeout(timeout)
                  .doOnSuccess(
                      acknowledged -> {
                        metrics.sendFinished(wait, true);
                        metrics.stored(records);
                        log.atDebug()
                            .setMessage("records stored")
                            .addKeyValue("records", records.size())
                            .addKeyValue("topic", records.get(0).topic())
                            .log();
                      })
                  .doOnError(failure -> metrics.sendFinished(wait, false));
            })
        .onErrorMap(
            e -> !(e instanceof PublishFailedException),
            e ->
                new PublishFailedException(
                    e instanceof TimeoutException
                        ? "no acknowledgement within " + timeout
                        : "Kafka refused the records: " + describe(e),
                    e))
        .then();
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private CompletableFuture<Void> sendAll(List<OutboundRecord> records) {
    List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
    for (OutboundRecord record : records) {
      acks.add(template.send(producerRecord(record)));
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }

  private static ProducerRecord<String, SpecificRecord> producerRecord(OutboundRecord record) {
    ProducerRecord<String, SpecificRecord> producerRecord =
        new ProducerRecord<>(record.topic(), record.key(), record.value());
    record
        .headers()
        .forEach(
            (name, value) ->
                producerRecord.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    return producerRecord;
  }
}
