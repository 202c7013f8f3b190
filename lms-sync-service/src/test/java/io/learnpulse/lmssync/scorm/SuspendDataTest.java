package io.learnpulse.lmssync.scorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuspendDataTest {

  private static final int SCORM_12_LIMIT = 4096;

  @Test
  void encodesAFullBookmarkCompactly() {
    Bookmark bookmark = new Bookmark("t1", "c2", 3, new TreeSet<>(Set.of(0, 1, 2, 5)), "ans-9");

    String text = SuspendData.encode(bookmark, SCORM_12_LIMIT);

    assertThat(text).isEqualTo("1|t1|c2|3|0-2,5|ans-9");
    assertThat(SuspendData.decode(text)).contains(bookmark);
  }

  @Test
  void encodesAbsentPartsAsEmptyFields() {
    Bookmark bookmark = Bookmark.startOf("topic");

    String text = SuspendData.encode(bookmark, SCORM_12_LIMIT);

    assertThat(text).isEqualTo("1|topic||||");
    assertThat(SuspendData.decode(text)).contains(bookmark);
  }

  @Test
  void escapesSeparatorsAndPercentSignsInIds() {
    Bookmark bookmark = new Bookmark("a|b", "50%|x", 0, Set.of(), "%7C");

    String text = SuspendData.encode(bookmark, SCORM_12_LIMIT);

    assertThat(text).isEqualTo("1|a%7Cb|50%25%7Cx|0||%257C");
    assertThat(SuspendData.decode(text)).contains(bookmark);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "2|t|||||",
        "1|t|c|",
        "1||c|1||",
        "1|t|c|x||",
        "1|t|c|1|3-1|",
        "1|t|c|1|-1|",
        "1|t|c|1|0-999999|",
        "1|t|%zz|1||",
        "1|t|c|1|||extra"
      })
  void ignoresMalformedOrUnknownVersions(String text) {
    assertThat(SuspendData.decode(text)).isEmpty();
  }

  @Test
  void ignoresAbsentSuspendData() {
    assertThat(SuspendData.decode(null)).isEmpty();
  }

  @Test
  void staysUnderTheScorm12LimitOverAThousandSuspendResumeCycles() {
    Bookmark bookmark = Bookmark.startOf("topic-networking-basics");
    int longest = 0;

    for (int cycle = 0; cycle < 1000; cycle++) {
      // The player moves on during the session, the LMS stores the text, the learner resumes.
      TreeSet<Integer> hints = new TreeSet<>(bookmark.revealedHints());
      hints.add(cycle % 7);
      Bookmark moved =
          new Bookmark(
              bookmark.topicId(),
              "challenge-" + (cycle % 12),
              cycle % 9,
              hints,
              cycle % 3 == 0 ? "answer-" + cycle : null);
      String stored = SuspendData.encode(moved, SCORM_12_LIMIT);
      longest = Math.max(longest, stored.length());

      bookmark = SuspendData.decode(stored).orElseThrow();

      assertThat(bookmark).isEqualTo(moved);
    }

    assertThat(longest).isLessThan(SCORM_12_LIMIT).isLessThan(64);
  }

  @Test
  void dropsHintsThenPendingAnswerThenPositionWhenOverTheLimit() {
    TreeSet<Integer> manyHints = new TreeSet<>();
    for (int i = 0; i < 5000; i += 2) {
      manyHints.add(i);
    }
    Bookmark bookmark = new Bookmark("t", "c", 4, manyHints, "a".repeat(30));

    assertThat(SuspendData.encode(bookmark, SCORM_12_LIMIT))
        .isEqualTo("1|t|c|4||" + "a".repeat(30));
    assertThat(SuspendData.encode(bookmark, 20)).isEqualTo("1|t|c|4||");
    assertThat(SuspendData.encode(bookmark, 8)).isEqualTo("1|t||||");
    assertThat(SuspendData.encode(bookmark, 5)).isEmpty();
  }

  @Test
  void neverExceedsTheLimitWhateverTheIdLengths() {
    for (int length = 0; length < 6000; length += 97) {
      String id = "x".repeat(length + 1);
      Bookmark bookmark = new Bookmark(id, id, 1, Set.of(1, 2, 3), id);

      assertThat(SuspendData.encode(bookmark, SCORM_12_LIMIT).length())
          .isLessThanOrEqualTo(SCORM_12_LIMIT);
    }
  }

  @Test
  void refusesHintRangesThatWouldExpandBeyondTheBound() {
    // ~8,000 ranges of 1,000 hints each: hundreds of millions of entries before the bound.
    StringBuilder ranges = new StringBuilder();
    while (ranges.length() < 63_000) {
      ranges.append("0-1000,");
    }
    String text = "1|t|c|1|" + ranges.append("0") + "|";

    assertThat(SuspendData.boundsProblem(text))
        .hasValueSatisfying(p -> assertThat(p).contains("at most " + SuspendData.MAX_HINTS));
    assertThat(SuspendData.decode(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1|t|c|1|0-2000000000|", "1|t|c|1|1001|", "1|t|c|99999999999||", "1|t|c|1001||"})
  void refusesIndexesOverTheBound(String text) {
    assertThat(SuspendData.boundsProblem(text)).isPresent();
    assertThat(SuspendData.decode(text)).isEmpty();
  }

  @Test
  void refusesTextOverTheLengthLimit() {
    assertThat(SuspendData.boundsProblem("x".repeat(SuspendData.MAX_LENGTH + 1))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1|t|c|1|0-1000|", "1|t|c|1000|0-499,500-1000|a", "foreign data", "1|t|c|x||"})
  void acceptsTextWithinTheBoundsOrNotOurs(String text) {
    assertThat(SuspendData.boundsProblem(text)).isEmpty();
  }
}
