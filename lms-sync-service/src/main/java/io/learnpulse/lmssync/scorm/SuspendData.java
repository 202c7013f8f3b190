package io.learnpulse.lmssync.scorm;

import io.learnpulse.schemas.wire.EventLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The compact, versioned {@code suspend_data} encoding of a {@link Bookmark}.
 *
 * <p>Version 1 is {@code 1|topic|challenge|step|hints|pendingAnswer}: empty fields are absent
 * values, {@code %} and {@code |} inside ids are percent-escaped, and hints are written as
 * ascending ranges ({@code 0-2,5}). The text depends only on where the learner is now, never on how
 * often they suspended and resumed, so it cannot grow with the session count. When it would exceed
 * the data model's limit, the least important parts are left out in turn (hints, then the pending
 * answer, then step and challenge): the full state stays in PostgreSQL, suspend data is the LMS's
 * copy of the pointer.
 */
public final class SuspendData {

  /** Version written by {@link #encode}. */
  public static final char VERSION = '1';

  /**
   * Highest step or hint index a decoded bookmark may name: the event limit ({@link
   * EventLimits#MAX_INDEX}), so decoding the LMS's copy can never expand to more than {@value
   * #MAX_HINTS} hints, however many ranges the text holds.
   */
  public static final int MAX_INDEX = EventLimits.MAX_INDEX;

  /**
   * Most hints (entries counted over all ranges, before duplicates are merged) decoding expands.
   */
  public static final int MAX_HINTS = MAX_INDEX + 1;

  /** Longest text decoded: SCORM 2004's {@code cmi.suspend_data} limit. */
  public static final int MAX_LENGTH = 64_000;

  private static final char SEPARATOR = '|';
  private static final int FIELDS = 6;

  private SuspendData() {}

  /** The encoding of {@code bookmark}, at most {@code limit} characters (empty if nothing fits). */
  public static String encode(Bookmark bookmark, int limit) {
    String full = write(bookmark);
    if (full.length() <= limit) {
      return full;
    }
    Bookmark noHints =
        new Bookmark(
            bookmark.topicId(),
            bookmark.challengeId(),
            bookmark.step(),
            null,
            bookmark.pendingAnswerId());
    String withoutHints = write(noHints);
    if (withoutHints.length() <= limit) {
      return withoutHints;
    }
    String withoutPending =
        write(
            new Bookmark(bookmark.topicId(), bookmark.challengeId(), bookmark.step(), null, null));
    if (withoutPending.length() <= limit) {
      return withoutPending;
    }
    String topicOnly = write(Bookmark.startOf(bookmark.topicId()));
    return topicOnly.length() <= limit ? topicOnly : "";
  }

  /**
   * Why {@code text} is out of the decoding bounds, or empty when it is within them (or is not
   * version 1 text at all, which {@link #decode} ignores): longer than {@value #MAX_LENGTH}, a step
   * or hint index over {@value #MAX_INDEX}, or hint ranges that expand to more than {@value
   * #MAX_HINTS} entries. Counted without expanding anything, so hostile text costs one pass over
   * its characters.
   */
  public static Optional<String> boundsProblem(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    if (text.length() < 2 || text.charAt(0) != VERSION || text.charAt(1) != '|') {
      return Optional.empty();
    }
    List<String> fields = split(text);
    if (fields.size() != FIELDS) {
      return Optional.empty();
    }
    String step = fields.get(3);
    if (isDigits(step) && !withinIndex(step)) {
      return Optional.of("step must be within 0.." + MAX_INDEX);
    }
    String hints = fields.get(4);
    if (hints.isEmpty()) {
      return Optional.empty();
    }
    long entries = 0;
    for (String part : hints.split(",", -1)) {
      int dash = part.indexOf('-', 1);
      String start = dash < 0 ? part : part.substring(0, dash);
      String end = dash < 0 ? part : part.substring(dash + 1);
      if (!isDigits(start) || !isDigits(end)) {
        continue; // malformed, not large: decode ignores the whole text
      }
      if (!withinIndex(start) || !withinIndex(end)) {
        return Optional.of("hint ranges must name hints within 0.." + MAX_INDEX);
      }
      entries += Math.max(0, Integer.parseInt(end) - Integer.parseInt(start) + 1);
      if (entries > MAX_HINTS) {
        return Optional.of("hint ranges must expand to at most " + MAX_HINTS + " hints");
      }
    }
    return Optional.empty();
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean withinIndex(String digits) {
    String significant = digits.replaceFirst("^0+(?=.)", "");
    return significant.length() <= 4 && Integer.parseInt(significant) <= MAX_INDEX;
  }

  /**
   * The bookmark {@code text} encodes, or empty when it is blank, of an unknown version, malformed
   * or out of the bounds of {@link #boundsProblem} (then the learner resumes from the state
   * LearnPulse keeps, not from the LMS's copy).
   */
  public static Optional<Bookmark> decode(String text) {
    if (text == null || text.length() < 2 || text.charAt(0) != VERSION || text.charAt(1) != '|') {
      return Optional.empty();
    }
    if (boundsProblem(text).isPresent()) {
      return Optional.empty();
    }
    List<String> fields = split(text);
    if (fields.size() != FIELDS || fields.get(1).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Bookmark(
              unescape(fields.get(1)),
              emptyToNull(unescape(fields.get(2))),
              fields.get(3).isEmpty() ? null : Integer.valueOf(fields.get(3)),
              hints(fields.get(4)),
              emptyToNull(unescape(fields.get(5)))));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private static String write(Bookmark bookmark) {
    StringBuilder out = new StringBuilder(64).append(VERSION).append(SEPARATOR);
    escape(out, bookmark.topicId()).append(SEPARATOR);
    escape(out, bookmark.challengeId()).append(SEPARATOR);
    if (bookmark.step() != null) {
      out.append(bookmark.step());
    }
    out.append(SEPARATOR);
    ranges(out, bookmark.revealedHints()).append(SEPARATOR);
    return escape(out, bookmark.pendingAnswerId()).toString();
  }

  private static StringBuilder ranges(StringBuilder out, Iterable<Integer> ascendingHints) {
    Integer start = null;
    Integer previous = null;
    for (int hint : ascendingHints) {
      if (previous != null && hint == previous + 1) {
        previous = hint;
        continue;
      }
      if (start != null) {
        range(out, start, previous).append(',');
      }
      start = hint;
      previous = hint;
    }
    if (start != null) {
      range(out, start, previous);
    }
    return out;
  }

  private static StringBuilder range(StringBuilder out, int start, int end) {
    out.append(start);
    return start == end ? out : out.append('-').append(end);
  }

  private static SortedSet<Integer> hints(String text) {
    SortedSet<Integer> hints = new TreeSet<>();
    if (text.isEmpty()) {
      return hints;
    }
    for (String part : text.split(",", -1)) {
      int dash = part.indexOf('-', 1);
      int start = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
      int end = dash < 0 ? start : Integer.parseInt(part.substring(dash + 1));
      if (start < 0 || end < start || end > MAX_INDEX) {
        throw new IllegalArgumentException("bad hint range " + part);
      }
      for (int hint = start; hint <= end; hint++) {
        hints.add(hint);
      }
    }
    return hints;
  }

  private static StringBuilder escape(StringBuilder out, String value) {
    if (value == null) {
      return out;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case SEPARATOR -> out.append("%7C");
        default -> out.append(c);
      }
    }
    return out;
  }

  private static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
      } else if (value.startsWith("%25", i)) {
        out.append('%');
        i += 2;
      } else if (value.startsWith("%7C", i)) {
        out.append(SEPARATOR);
        i += 2;
      } else {
        throw new IllegalArgumentException("bad escape at " + i);
      }
    }
    return out.toString();
  }

  private static List<String> split(String text) {
    List<String> fields = new ArrayList<>(FIELDS);
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == SEPARATOR) {
        fields.add(text.substring(from, i));
        from = i + 1;
      }
    }
    fields.add(text.substring(from));
    return fields;
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
