package io.learnpulse.lmssync.scorm;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The SCORM data model values LearnPulse sends an LMS for one registration, in the element names
 * and formats of the registration's SCORM version.
 *
 * <p>Rules: statuses come from scoring's topic status ({@link TopicProgress}); score elements
 * appear only once a challenge is resolved ({@code raw} 0..100, {@code min} 0, {@code max} 100, and
 * in 2004 {@code scaled} = raw / 100); session time is the session's active time ({@link
 * ScormTime}); the bookmark gives {@code location} (omitted when it does not fit the version's
 * limit) and {@code suspend_data} ({@link SuspendData}); {@code exit} is {@code suspend} until the
 * topic is finished, so the LMS keeps the attempt resumable, then {@code ""} (1.2) or {@code
 * normal} (2004).
 *
 * @param version SCORM version of the element names and formats
 * @param policyVersion assignment policy version behind the statuses, 0 before any status
 * @param elements element name to value, in a stable order
 */
public record ScormSummary(ScormVersion version, int policyVersion, Map<String, String> elements) {

  /** Freezes the elements. */
  public ScormSummary {
    Objects.requireNonNull(version, "version");
    elements = Collections.unmodifiableMap(new LinkedHashMap<>(elements));
  }

  /**
   * The summary of a registration.
   *
   * @param version the registration's SCORM version
   * @param progress scoring's latest topic status, or {@link TopicProgress#NOT_STARTED}
   * @param sessionTime the current session's active time
   * @param bookmark where the learner is, or null when unknown
   */
  public static ScormSummary of(
      ScormVersion version, TopicProgress progress, Duration sessionTime, Bookmark bookmark) {
    Map<String, String> elements = new LinkedHashMap<>();
    String location = bookmark == null ? null : location(bookmark, version.locationLimit());
    String suspendData =
        bookmark == null ? null : SuspendData.encode(bookmark, version.suspendDataLimit());
    if (version.is2004()) {
      elements.put("cmi.completion_status", lower(progress.completion()));
      elements.put("cmi.success_status", lower(progress.success()));
      if (progress.rawScore() != null) {
        elements.put("cmi.score.raw", decimal(progress.rawScore()));
        elements.put("cmi.score.min", "0");
        elements.put("cmi.score.max", "100");
        elements.put("cmi.score.scaled", decimal(progress.scaledScore()));
      }
      elements.put("cmi.session_time", ScormTime.isoDuration(sessionTime));
      putIfPresent(elements, "cmi.location", location);
      putIfPresent(elements, "cmi.suspend_data", suspendData);
      elements.put("cmi.exit", progress.finished() ? "normal" : "suspend");
    } else {
      elements.put("cmi.core.lesson_status", lower(progress.lesson()));
      if (progress.rawScore() != null) {
        elements.put("cmi.core.score.raw", decimal(progress.rawScore()));
        elements.put("cmi.core.score.min", "0");
        elements.put("cmi.core.score.max", "100");
      }
      elements.put("cmi.core.session_time", ScormTime.cmiTimespan(sessionTime));
      putIfPresent(elements, "cmi.core.lesson_location", location);
      putIfPresent(elements, "cmi.suspend_data", suspendData);
      elements.put("cmi.core.exit", progress.finished() ? "" : "suspend");
    }
    return new ScormSummary(version, progress.policyVersion(), elements);
  }

  /** The element that carries the session time: {@code cmi.session_time} / {@code cmi.core.…}. */
  public String sessionTimeElement() {
    return version.is2004() ? "cmi.session_time" : "cmi.core.session_time";
  }

  /**
   * True when these elements differ from {@code other} and the session time is the only element
   * that does (same names, every other value equal).
   */
  public boolean differsOnlyInSessionTime(Map<String, String> other) {
    if (!elements.keySet().equals(other.keySet())) {
      return false;
    }
    String sessionTime = sessionTimeElement();
    boolean differs = false;
    for (Map.Entry<String, String> element : elements.entrySet()) {
      if (!Objects.equals(element.getValue(), other.get(element.getKey()))) {
        if (!element.getKey().equals(sessionTime)) {
          return false;
        }
        differs = true;
      }
    }
    return differs;
  }

  /**
   * The human-readable bookmark {@code topic/challenge/step}, shortened to {@code topic} and then
   * left out when it does not fit {@code limit}.
   */
  static String location(Bookmark bookmark, int limit) {
    StringBuilder full = new StringBuilder(bookmark.topicId());
    if (bookmark.challengeId() != null) {
      full.append('/').append(bookmark.challengeId());
      if (bookmark.step() != null) {
        full.append('/').append(bookmark.step());
      }
    }
    if (full.length() <= limit) {
      return full.toString();
    }
    return bookmark.topicId().length() <= limit ? bookmark.topicId() : null;
  }

  /** A decimal without trailing zeros or exponent: {@code 87.5}, {@code 100}, {@code 0.875}. */
  static String decimal(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  private static void putIfPresent(Map<String, String> elements, String name, String value) {
    if (value != null && !value.isEmpty()) {
      elements.put(name, value);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
