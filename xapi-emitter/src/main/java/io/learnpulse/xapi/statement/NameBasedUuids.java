package io.learnpulse.xapi.statement;

import io.learnpulse.schemas.xapi.XapiUuids;
import java.util.UUID;

/**
 * Statement ids: name-based UUIDs (version 5) from {@link XapiUuids}, which also derives the
 * registration UUID lms-sync-service looks statements up by. The same source fact and kind always
 * give the same id, which is what makes re-sending a statement idempotent.
 */
public final class NameBasedUuids {

  private NameBasedUuids() {}

  /** Id of the statement of {@code kind} made from the source fact {@code sourceId}. */
  public static UUID statementId(UUID sourceId, StatementKind kind) {
    return XapiUuids.of("statement:" + sourceId + ":" + kind.name());
  }
}
