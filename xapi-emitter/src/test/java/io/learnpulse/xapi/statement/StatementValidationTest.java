package io.learnpulse.xapi.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.xapi.testing.SampleEvents;
import io.learnpulse.xapi.testing.XapiValidator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Every statement kind, checked by an independent validator: npm's xapi-validation. */
class StatementValidationTest {

  private final XapiMapper mapper =
      new XapiMapper(
          MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));
  private final StatementJson json = new StatementJson();

  @Test
  void everyStatementKindValidatesWithXapiValidation() throws Exception {
    List<Statement> statements = new ArrayList<>();
    TenantProfile plain =
        TenantProfile.plain(SampleEvents.TENANT, URI.create("https://lms.acme.example"));
    for (SpecificRecord event : new SampleEvents().everyKind()) {
      statements.addAll(mapper.map(event, plain, LearnerFacts.answer(2, 1)));
      statements.addAll(mapper.map(event, plain, LearnerFacts.lasted(Duration.ofMillis(754_321))));
    }
    TenantProfile pseudonyms =
        new TenantProfile(
            "p",
            URI.create("https://lms.p.example/learners"),
            Optional.of("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)));
    statements.addAll(mapper.map(new SampleEvents().started(), pseudonyms, LearnerFacts.NONE));
    Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
    statements.forEach(s -> kinds.add(s.kind()));

    List<List<String>> problems = XapiValidator.problems(json.toJsonArray(statements));

    assertThat(kinds).containsExactlyInAnyOrder(StatementKind.values());
    for (int i = 0; i < statements.size(); i++) {
      assertThat(problems.get(i))
          .as("%s: %s", statements.get(i).kind(), json.toJson(statements.get(i)))
          .isEmpty();
    }
  }

  @Test
  void theValidatorCatchesAnInvalidStatement() throws Exception {
    List<List<String>> problems =
        XapiValidator.problems(
            "[{\"actor\":{\"account\":{\"homePage\":\"not a url\",\"name\":\"x\"}},\"verb\":{\"id\":\"answered\"},\"object\":{\"id\":\"https://a.example/x\"}}]");

    assertThat(problems.get(0)).isNotEmpty();
  }
}
