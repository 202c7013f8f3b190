package io.learnpulse.infra.registry;

import java.util.List;

/** Durable storage of the registry's changes; the registry's state is their replay. */
public interface SchemaLog extends AutoCloseable {

  /**
   * Reads every stored change, oldest first.
   *
   * @return the changes to replay
   */
  List<SchemaLogRecord> readAll();

  /**
   * Stores a change; returns only once it is durable.
   *
   * @param record the change
   * @throws SchemaRegistryException 50001 when the change could not be stored
   */
  void append(SchemaLogRecord record);

  /** Releases the log's resources. */
  @Override
  void close();
}
