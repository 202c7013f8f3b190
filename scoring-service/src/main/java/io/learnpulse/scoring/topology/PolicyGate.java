package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks assignment policies once, before they are broadcast to every activity partition: a policy
 * that cannot be read, is keyed by another assignment or breaks the domain's rules goes to the
 * assignment dead-letter topic; a valid one is passed on as it was read. Tombstones are dropped.
 */
final class PolicyGate implements Processor<String, byte[], String, Routed<byte[]>> {

  private static final Logger log = LoggerFactory.getLogger(PolicyGate.class);

  private final Deserializer<AssignmentPolicy> policies;
  private final ScoringMetrics metrics;
  private ProcessorContext<String, Routed<byte[]>> context;

  PolicyGate(Deserializer<AssignmentPolicy> policies, ScoringMetrics metrics) {
    this.policies = policies;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Routed<byte[]>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      log.info("Ignoring tombstone of assignment {}", record.key());
      return;
    }
    try {
      AssignmentPolicy policy =
          policies.deserialize(Topics.ASSIGNMENT.name(), record.headers(), record.value());
      if (policy == null || !policy.getAssignmentId().equals(record.key())) {
        throw new RejectedRecordException(
            "key '" + record.key() + "' is not the assignment id of the policy");
      }
      Policies.toDomain(policy);
    } catch (RuntimeException e) {
      DeadLetters.rethrowIfInfrastructure(e);
      log.warn("Dead-lettering policy record of assignment {}: {}", record.key(), e.getMessage());
      metrics.deadLettered(Topics.ASSIGNMENT.name(), DeadLetters.cause(e));
      context.forward(
          DeadLetters.of(
              record,
              record.value(),
              e,
              context,
              Topics.ASSIGNMENT.deadLetterTopic().orElseThrow()));
      return;
    }
    context.forward(record.withValue(new Routed.Ok<>(record.value())));
  }
}
