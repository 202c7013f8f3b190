package io.learnpulse.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that LearnPulse uses. Implementations
 * throw {@link SchemaRegistryException} for an error answer and {@link
 * SchemaRegistryUnavailableException} when no registry answers.
 */
public interface SchemaRegistryClient {

  /** Registers {@code schema} under {@code subject} (or finds it there) and returns its id. */
  int register(String subject, Schema schema);

  /** Finds {@code schema} among the versions of {@code subject}, without registering it. */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with registry-wide id {@code id}. */
  Schema schemaById(int id);

  /** The latest version of {@code subject}. */
  RegisteredSchema latest(String subject);

  /** Version {@code version} of {@code subject}. */
  RegisteredSchema version(String subject, int version);

  /** The versions of {@code subject}. */
  List<Integer> versions(String subject);

  /** All subjects. */
  List<String> subjects();

  /** Whether {@code schema} may be registered under {@code subject} now. */
  boolean isCompatible(String subject, Schema schema);

  /** The global compatibility level. */
  CompatibilityLevel globalCompatibility();

  /** Sets the global compatibility level. */
  void setGlobalCompatibility(CompatibilityLevel level);

  /** The subject's compatibility level, falling back to the global one. */
  CompatibilityLevel compatibility(String subject);

  /** Sets the subject's compatibility level. */
  void setCompatibility(String subject, CompatibilityLevel level);
}
