package io.learnpulse.infra.registry;

import java.util.ArrayList;
import java.util.List;

/** A {@link SchemaLog} kept in memory: fast, and gone with the JVM. */
public final class InMemorySchemaLog implements SchemaLog {

  private final List<SchemaLogRecord> records = new ArrayList<>();

  @Override
  public synchronized List<SchemaLogRecord> readAll() {
    return List.copyOf(records);
  }

  @Override
  public synchronized void append(SchemaLogRecord record) {
    records.add(record);
  }

  @Override
  public void close() {
    // nothing to release
  }
}
