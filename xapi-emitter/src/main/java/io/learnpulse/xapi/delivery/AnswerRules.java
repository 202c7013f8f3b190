package io.learnpulse.xapi.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LRS delivery rules, as one pure function from how a statements POST ended to what happens to
 * the batch ({@link #decide}). No clock, no threads, no I/O: the lanes of {@link TenantDelivery}
 * carry the decision out.
 *
 * <ul>
 *   <li>2xx: the batch is delivered (the LRS holds every statement; identical re-sends are no-ops).
 *   <li>timeout, connection failure, 408, 429, 5xx: retry the same batch later, honouring
 *       Retry-After; order is kept because the lane does not move past it.
 *   <li>401, 403 (credentials) and 404 (wrong endpoint), or an endpoint the outbound URL policy
 *       refuses: pause the tenant; only a settings change or an operator fixes that.
 *   <li>409: the statements whose ids the LRS names count as delivered (LearnPulse's ids are
 *       deterministic, so the LRS holds an earlier version of the same fact) and the rest is sent
 *       again; a batch of one is delivered; when no id of the batch is named, split to find it.
 *   <li>any other 4xx (400 xAPI validation, 413 too large, 422, ...): split the batch until the
 *       refused statement stands alone, then reject it (the record is dead-lettered with the
 *       reason).
 *   <li>anything else (1xx, 3xx: redirects are not followed): retry, it is not the statements'
 *       fault.
 * </ul>
 */
public final class AnswerRules {

  /** Longest LRS answer text kept in a reason. */
  public static final int REASON_LIMIT = 2000;

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private AnswerRules() {}

  /** What to do with a batch. */
  public sealed interface Decision {}

  /** Every statement of the batch is in the LRS. */
  public record Delivered() implements Decision {}

  /**
   * Send the same batch again later.
   *
   * @param cause why, for health and logs
   * @param retryAfter the delay the LRS asked for, if it did
   */
  public record Retry(String cause, Optional<Duration> retryAfter) implements Decision {}

  /**
   * Stop delivering to the tenant until its settings change, an operator resumes it or the auth
   * retry interval passes; the batch stays at the head of its lane.
   *
   * @param reason why, shown in health
   */
  public record PauseTenant(String reason) implements Decision {}

  /**
   * The named statements count as delivered (409); the rest of the batch is sent again.
   *
   * @param conflicting ids of the statements the LRS already holds in another version
   */
  public record Conflicted(Set<UUID> conflicting) implements Decision {

    /** Freezes the ids. */
    public Conflicted {
      conflicting = Set.copyOf(conflicting);
    }
  }

  /** Split the batch in halves and send them one after the other, first half first. */
  public record Split() implements Decision {}

  /**
   * The LRS refuses the only statement of the batch: it goes to the dead-letter topic.
   *
   * @param status the LRS's status
   * @param reason the LRS's answer, abbreviated
   */
  public record Reject(int status, String reason) implements Decision {}

  /**
   * Decides what happens to a batch of statements with ids {@code batch} (in batch order) after
   * {@code answer}; {@code endpoint} names the LRS in reasons.
   */
  public static Decision decide(LrsAnswer answer, List<UUID> batch, String endpoint) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("an empty batch is never sent");
    }
    if (answer instanceof LrsAnswer.Response r) {
      return decide(r, batch, endpoint);
    }
    if (answer instanceof LrsAnswer.TimedOut t) {
      return new Retry("no complete answer within " + t.deadline(), Optional.empty());
    }
    if (answer instanceof LrsAnswer.ConnectionFailed c) {
      return new Retry("connection: " + c.detail(), Optional.empty());
    }
    LrsAnswer.Refused refused = (LrsAnswer.Refused) answer; // the interface is sealed
    return new PauseTenant("outbound URL policy: " + refused.why());
  }

  private static Decision decide(LrsAnswer.Response r, List<UUID> batch, String endpoint) {
    int status = r.status();
    if (status >= 200 && status < 300) {
      return new Delivered();
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Retry("HTTP " + status, r.retryAfter());
    }
    if (status == 401 || status == 403 || status == 404) {
      return new PauseTenant("HTTP " + status + " from " + endpoint + ": " + abbreviate(r.body()));
    }
    if (status == 409) {
      return conflict(r.body(), batch);
    }
    if (status >= 400) {
      return batch.size() == 1 ? new Reject(status, reason(r)) : new Split();
    }
    return new Retry("unexpected HTTP " + status, r.retryAfter());
  }

  private static Decision conflict(String body, List<UUID> batch) {
    if (batch.size() == 1) {
      return new Conflicted(Set.copyOf(batch));
    }
    Set<String> named = new LinkedHashSet<>();
    Matcher m = UUID_TEXT.matcher(body);
    while (m.find()) {
      named.add(m.group().toLowerCase(Locale.ROOT));
    }
    List<UUID> conflicting = new ArrayList<>();
    for (UUID id : batch) {
      if (named.contains(id.toString())) {
        conflicting.add(id);
      }
    }
    return conflicting.isEmpty() ? new Split() : new Conflicted(new LinkedHashSet<>(conflicting));
  }

  private static String reason(LrsAnswer.Response r) {
    return abbreviate(r.body()) + (r.truncated() ? " (answer cut at the body cap)" : "");
  }

  /** The text on one line, at most {@link #REASON_LIMIT} characters. */
  public static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= REASON_LIMIT ? flat : flat.substring(0, REASON_LIMIT) + "...";
  }
}
