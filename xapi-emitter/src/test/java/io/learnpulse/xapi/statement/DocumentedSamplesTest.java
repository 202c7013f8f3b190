package io.learnpulse.xapi.statement;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps docs/xapi.md honest: its sample statement of each kind must be what the mapper writes. The
 * current samples are written to target/xapi-samples.md to paste from.
 */
class DocumentedSamplesTest {

  @Test
  void docsShowTheMappersCurrentStatementOfEveryKind() throws Exception {
    XapiMapper mapper =
        new XapiMapper(
            MappingOptions.defaults(URI.create("https://learn.example.com/xapi/activities")));
    TenantProfile tenant =
        TenantProfile.plain(SampleEvents.TENANT, URI.create("https://lms.acme.example"));
    JsonMapper pretty = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    StatementJson json = new StatementJson(pretty);
    Map<StatementKind, String> samples = new EnumMap<>(StatementKind.class);
    for (SpecificRecord event : new SampleEvents().everyKind()) {
      LearnerFacts facts =
          event instanceof AnswerSubmitted
              ? LearnerFacts.answer(1, 1)
              : LearnerFacts.lasted(Duration.ofMillis(754_320));
      for (Statement s : mapper.map(event, tenant, facts)) {
        samples.putIfAbsent(s.kind(), pretty.writeValueAsString(json.toTree(s)));
      }
    }
    StringBuilder out = new StringBuilder();
    samples.forEach(
        (kind, text) ->
            out.append("### ")
                .append(kind)
                .append("\n\n```json\n")
                .append(text)
                .append("\n```\n\n"));
    Path target = Path.of("target/xapi-samples.md");
    Files.createDirectories(target.getParent());
    Files.writeString(target, out);

    String docs = Files.readString(Path.of("docs/xapi.md")).replace("\r\n", "\n");
    assertThat(samples).hasSize(StatementKind.values().length);
    samples.forEach(
        (kind, text) ->
            assertThat(docs)
                .as("docs/xapi.md sample of %s (see %s)", kind, target.toAbsolutePath())
                .contains(text));
  }
}
