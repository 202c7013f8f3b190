package io.learnpulse.xapi.pipeline;

import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import io.learnpulse.xapi.delivery.Outbound;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.StatementJson;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.tenant.TenantDirectory;
import io.learnpulse.xapi.tenant.TenantDirectoryUnavailableException;
import io.learnpulse.xapi.tenant.TenantSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka record to its statements and their fate: deserialize, find the tenant (records of
 * tenants without xAPI are done at once), map, hand the statements to the dispatcher, and complete
 * when every statement is delivered, or the record is in the dead-letter topic with the LRS's
 * reasons for those it refused. Used by the consumer loop and by replays.
 */
public final class RecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(RecordProcessor.class);

  /** What a record came to. */
  public enum Fate {
    /** Nothing to send: no xAPI for the tenant or the event kind, or filtered out. */
    SKIPPED,
    /** Every statement is in the LRS. */
    DELIVERED,
    /** The record went to the dead-letter topic. */
    DEAD_LETTERED
  }

  private final Deserializer<Object> deserializer;
  private final XapiMapper mapper;
  private final TenantDirectory tenants;
  private final StatementDispatcher dispatcher;
  private final LearnerMemory memory;
  private final DeadLetters deadLetters;
  private final StatementJson json = new StatementJson();
  private final PipelineListener listener;

  /** A processor. */
  public RecordProcessor(
      Deserializer<Object> deserializer,
      XapiMapper mapper,
      TenantDirectory tenants,
      StatementDispatcher dispatcher,
      LearnerMemory memory,
      DeadLetters deadLetters,
      PipelineListener listener) {
    this.deserializer = deserializer;
    this.mapper = mapper;
    this.tenants = tenants;
    this.dispatcher = dispatcher;
    this.memory = memory;
    this.deadLetters = deadLetters;
    this.listener = listener;
  }

  /** Observes records' fates (metrics). */
  public interface PipelineListener {
    /** A record reached its fate. */
    default void fate(String tenant, String stage, Fate fate) {}

    /** Nothing. */
    PipelineListener NONE = new PipelineListener() {};
  }

  /** Processes every record. */
  public CompletableFuture<Fate> process(ConsumerRecord<String, byte[]> record) {
    return process(record, event -> true);
  }

  /**
   * Processes a record whose event passes {@code filter}; the future completes when the record is
   * done (never exceptionally for data problems; exceptionally only if the dead-letter write
   * fails).
   *
   * @throws RetryLaterException when the schema registry or the tenant directory is unreachable:
   *     the record is not done and must be processed again later
   */
  public CompletableFuture<Fate> process(
      ConsumerRecord<String, byte[]> record, Predicate<SpecificRecord> filter) {
    if (record.value() == null) {
      return CompletableFuture.completedFuture(Fate.SKIPPED);
    }
    Object value;
    try {
      value = deserializer.deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      if (registryUnavailable(e)) {
        throw new RetryLaterException(
            "schema registry unavailable for " + record.topic() + "-" + record.partition(), e);
      }
      log.warn(
          "cannot read {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return deadLetter(record, "deserialization", "", e);
    }
    if (!(value instanceof SpecificRecord event) || !XapiMapper.supports(event)) {
      return CompletableFuture.completedFuture(Fate.SKIPPED);
    }
    String tenantId = XapiMapper.tenantOf(event);
    Optional<TenantSettings> tenant;
    try {
      tenant = tenants.find(tenantId);
    } catch (TenantDirectoryUnavailableException e) {
      throw new RetryLaterException("tenant directory unavailable for " + tenantId, e);
    }
    if (tenant.isEmpty() || !filter.test(event)) {
      return CompletableFuture.completedFuture(Fate.SKIPPED);
    }
    List<Statement> statements;
    List<String> bodies = new ArrayList<>();
    try {
      LearnerFacts facts = memory.observe(event);
      statements = mapper.map(event, tenant.get().profile(), facts);
      for (Statement s : statements) {
        bodies.add(json.toJson(s));
      }
    } catch (RuntimeException e) {
      log.error(
          "cannot map {}-{}@{} of tenant {}",
          record.topic(),
          record.partition(),
          record.offset(),
          tenantId,
          e);
      return deadLetter(record, "mapping", tenantId, e);
    }
    if (statements.isEmpty()) {
      return CompletableFuture.completedFuture(Fate.SKIPPED);
    }
    dispatcher.register(tenantId, tenant.get().endpoint());
    Ticket ticket = new Ticket(record, tenantId, statements.size());
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      dispatcher.submit(
          tenantId,
          new Outbound(s, bodies.get(i), XapiMapper.registrationOf(event), ticket.outcome(s)));
    }
    return ticket.done;
  }

  private static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }

  private CompletableFuture<Fate> deadLetter(
      ConsumerRecord<String, byte[]> record, String stage, String tenant, Throwable error) {
    return deadLetters
        .publish(record, error)
        .thenApply(
            v -> {
              listener.fate(tenant, stage, Fate.DEAD_LETTERED);
              return Fate.DEAD_LETTERED;
            });
  }

  /** Collects the outcomes of one record's statements. */
  private final class Ticket {
    final ConsumerRecord<String, byte[]> record;
    final String tenant;
    final AtomicInteger remaining;
    final List<String> refused = new ArrayList<>();
    final CompletableFuture<Fate> done = new CompletableFuture<>();

    Ticket(ConsumerRecord<String, byte[]> record, String tenant, int statements) {
      this.record = record;
      this.tenant = tenant;
      this.remaining = new AtomicInteger(statements);
    }

    Outbound.Outcome outcome(Statement statement) {
      return new Outbound.Outcome() {
        @Override
        public void delivered(boolean conflict) {
          finishOne();
        }

        @Override
        public void rejected(int status, String reason) {
          synchronized (refused) {
            refused.add(
                statement.kind() + " " + statement.id() + ": HTTP " + status + " " + reason);
          }
          finishOne();
        }
      };
    }

    private void finishOne() {
      if (remaining.decrementAndGet() > 0) {
        return;
      }
      String reasons;
      synchronized (refused) {
        reasons = String.join("; ", refused);
      }
      if (reasons.isEmpty()) {
        listener.fate(tenant, "delivery", Fate.DELIVERED);
        done.complete(Fate.DELIVERED);
      } else {
        log.warn(
            "{}-{}@{} of tenant {}: the LRS refused statements: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            tenant,
            reasons);
        deadLetter(record, "lrs-rejected", tenant, new StatementsRejectedException(reasons))
            .whenComplete(
                (fate, error) -> {
                  if (error == null) {
                    done.complete(fate);
                  } else {
                    log.error(
                        "cannot dead-letter {}-{}@{}: its offset stays uncommitted",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        error);
                    done.completeExceptionally(error);
                  }
                });
      }
    }
  }
}
