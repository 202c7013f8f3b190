package io.learnpulse.xapi.testing;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** The xAPI statements of {@link SampleEvents}' registrations, for the delivery tests. */
public final class SampleStatements {

  private static final XapiMapper MAPPER =
      new XapiMapper(
          MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));

  private SampleStatements() {}

  /** Every statement of {@code learners} learners' registrations in tenant {@code tenant}. */
  public static List<Statement> statements(String tenant, int learners) {
    TenantProfile profile =
        TenantProfile.plain(tenant, URI.create("https://lms." + tenant + ".example"));
    List<Statement> all = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      SampleEvents events =
          new SampleEvents(tenant, "learner-" + i, UUID.nameUUIDFromBytes((tenant + i).getBytes()));
      for (SpecificRecord event : events.everyKind()) {
        if (event instanceof TopicStatus s && !s.getPassed()) {
          continue; // the failed variant conflicts with the passed one by design
        }
        all.addAll(MAPPER.map(event, profile, LearnerFacts.NONE));
      }
    }
    return all;
  }

  /** The statements' ids, as the LRS lists them. */
  public static Set<String> ids(List<Statement> statements) {
    Set<String> ids = new HashSet<>();
    statements.forEach(s -> ids.add(s.id().toString()));
    return ids;
  }
}
