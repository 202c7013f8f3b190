package io.learnpulse.xapi.statement;

import io.learnpulse.xapi.statement.Result.Score;
import io.learnpulse.xapi.statement.Statement.Activity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes statements as xAPI 1.0.3 JSON. The output is deterministic (fixed member order, sorted
 * extensions), so the same statement is byte-for-byte the same on every redelivery.
 *
 * <p>Formats: timestamps in UTC with millisecond precision ({@code 2026-03-01T10:15:30.120Z});
 * durations as ISO 8601 with at most two decimals of seconds ({@code PT1H5M3.25S}).
 */
public final class StatementJson {

  private static final String EN = "en-US";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final JsonMapper mapper;

  /** A writer using {@code mapper} for the tree and the text. */
  public StatementJson(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** A writer with a default mapper. */
  public StatementJson() {
    this(JsonMapper.builder().build());
  }

  /** The statement as a JSON tree. */
  public ObjectNode toTree(Statement statement) {
    ObjectNode json = mapper.createObjectNode();
    json.put("id", statement.id().toString());
    ObjectNode actor = json.putObject("actor");
    actor.put("objectType", "Agent");
    ObjectNode account = actor.putObject("account");
    account.put("homePage", statement.actor().homePage());
    account.put("name", statement.actor().name());
    ObjectNode verb = json.putObject("verb");
    verb.put("id", statement.verb().id());
    verb.putObject("display").put(EN, statement.verb().display());
    json.set("object", activity(statement.object()));
    statement.result().ifPresent(result -> json.set("result", result(result)));
    json.set("context", context(statement.context()));
    json.put("timestamp", timestamp(statement.timestamp()));
    return json;
  }

  /** The statement as JSON text. */
  public String toJson(Statement statement) {
    return mapper.writeValueAsString(toTree(statement));
  }

  /** Statements as a JSON array text, the body of a batch POST. */
  public String toJsonArray(List<Statement> statements) {
    ArrayNode array = mapper.createArrayNode();
    statements.forEach(s -> array.add(toTree(s)));
    return mapper.writeValueAsString(array);
  }

  /** An xAPI timestamp: UTC, millisecond precision. */
  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  /** An xAPI duration: ISO 8601, hours, minutes and seconds with at most two decimals. */
  public static String duration(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + duration);
    }
    long centis =
        BigDecimal.valueOf(duration.toMillis())
            .divide(BigDecimal.TEN, 0, RoundingMode.HALF_UP)
            .longValueExact();
    long hours = centis / 360_000;
    long minutes = centis / 6_000 % 60;
    long secondCentis = centis % 6_000;
    StringBuilder text = new StringBuilder("PT");
    if (hours > 0) {
      text.append(hours).append('H');
    }
    if (minutes > 0) {
      text.append(minutes).append('M');
    }
    if (secondCentis > 0 || (hours == 0 && minutes == 0)) {
      text.append(BigDecimal.valueOf(secondCentis, 2).stripTrailingZeros().toPlainString())
          .append('S');
    }
    return text.toString();
  }

  private ObjectNode activity(Activity activity) {
    ObjectNode json = mapper.createObjectNode();
    json.put("objectType", "Activity");
    json.put("id", activity.id());
    ObjectNode definition = json.putObject("definition");
    definition.put("type", activity.type());
    definition.putObject("name").put(EN, activity.name());
    return json;
  }

  private ObjectNode result(Result result) {
    ObjectNode json = mapper.createObjectNode();
    if (result.score() != null) {
      json.set("score", score(result.score()));
    }
    if (result.success() != null) {
      json.put("success", result.success());
    }
    if (result.completion() != null) {
      json.put("completion", result.completion());
    }
    if (result.duration() != null) {
      json.put("duration", duration(result.duration()));
    }
    if (!result.extensions().isEmpty()) {
      json.set("extensions", extensions(result.extensions()));
    }
    return json;
  }

  private ObjectNode score(Score score) {
    ObjectNode json = mapper.createObjectNode();
    json.put("scaled", score.scaled());
    json.put("raw", score.raw());
    json.put("min", score.min());
    json.put("max", score.max());
    return json;
  }

  private ObjectNode context(Context context) {
    ObjectNode json = mapper.createObjectNode();
    json.put("registration", context.registration().toString());
    if (!context.parent().isEmpty() || !context.grouping().isEmpty()) {
      ObjectNode activities = json.putObject("contextActivities");
      if (!context.parent().isEmpty()) {
        ArrayNode parent = activities.putArray("parent");
        context.parent().forEach(a -> parent.add(activity(a)));
      }
      if (!context.grouping().isEmpty()) {
        ArrayNode grouping = activities.putArray("grouping");
        context.grouping().forEach(a -> grouping.add(activity(a)));
      }
    }
    json.put("platform", context.platform());
    if (!context.extensions().isEmpty()) {
      json.set("extensions", extensions(context.extensions()));
    }
    return json;
  }

  private ObjectNode extensions(Map<String, Object> extensions) {
    ObjectNode json = mapper.createObjectNode();
    new TreeMap<>(extensions)
        .forEach(
            (key, value) -> {
              if (value instanceof Boolean b) {
                json.put(key, b);
              } else if (value instanceof Integer i) {
                json.put(key, i);
              } else if (value instanceof Long l) {
                json.put(key, l);
              } else if (value instanceof Double d) {
                json.put(key, d);
              } else {
                json.put(key, value.toString());
              }
            });
    return json;
  }
}
