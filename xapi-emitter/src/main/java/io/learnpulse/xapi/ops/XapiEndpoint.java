package io.learnpulse.xapi.ops;

import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.delivery.TenantDelivery;
import io.learnpulse.xapi.pipeline.Replay;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Operator actions on {@code /actuator/xapi} (exposed on the management port only; README):
 *
 * <ul>
 *   <li>{@code GET}: each tenant's delivery state, backlog and reason;
 *   <li>{@code POST {"action":"replay-dead-letters","topic":"learnpulse.activity.v1"}}: replay a
 *       dead-letter topic;
 *   <li>{@code POST {"action":"resend","tenant":"acme","from":"2026-03-01T00:00:00Z","to":"..."}}:
 *       re-send a tenant's statements of a time range;
 *   <li>{@code POST {"action":"resume","tenant":"acme"}}: try a paused tenant again now.
 * </ul>
 */
@Endpoint(id = "xapi")
public final class XapiEndpoint {

  /** Consumer group of dead-letter replays. */
  public static final String REPLAY_GROUP = "xapi-emitter-dlt-replay";

  private final StatementDispatcher dispatcher;
  private final Replay replay;

  /** The endpoint. */
  public XapiEndpoint(StatementDispatcher dispatcher, Replay replay) {
    this.dispatcher = dispatcher;
    this.replay = replay;
  }

  /** Tenants' delivery states. */
  @ReadOperation
  public Map<String, Object> tenants() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (TenantDelivery t : dispatcher.tenants()) {
      out.put(
          t.tenant(),
          Map.of(
              "state", t.state().name(),
              "backlog", t.backlog(),
              "inFlight", t.inFlight(),
              "parked", t.parked(),
              "dropped", t.dropped(),
              "reason", t.reason()));
    }
    return out;
  }

  /** The write actions, by their wire name. */
  enum Action {
    REPLAY_DEAD_LETTERS("replay-dead-letters"),
    RESEND("resend"),
    RESUME("resume");

    private final String wire;

    Action(String wire) {
      this.wire = wire;
    }

    static Action of(String name) {
      for (Action a : values()) {
        if (a.wire.equals(name)) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "unknown action " + name + " (replay-dead-letters, resend, resume)");
    }
  }

  /** Runs an action (see the class comment); needs the management token (ActionTokenFilter). */
  @WriteOperation
  public Object act(
      String action,
      @Nullable String topic,
      @Nullable String tenant,
      @Nullable String from,
      @Nullable String to) {
    return switch (Action.of(action)) {
      case REPLAY_DEAD_LETTERS ->
          replay.deadLetters(topic == null ? Topics.ACTIVITY.name() : topic, REPLAY_GROUP);
      case RESEND -> {
        if (tenant == null || from == null || to == null) {
          throw new IllegalArgumentException("resend needs tenant, from and to");
        }
        yield replay.resend(
            tenant,
            Instant.parse(from),
            Instant.parse(to),
            List.of(Topics.ACTIVITY.name(), Topics.TOPIC_STATUS.name()));
      }
      case RESUME -> {
        if (tenant == null) {
          throw new IllegalArgumentException("resume needs a tenant");
        }
        dispatcher
            .tenant(tenant)
            .orElseThrow(() -> new IllegalArgumentException("unknown tenant " + tenant))
            .resume();
        yield tenants();
      }
    };
  }
}
