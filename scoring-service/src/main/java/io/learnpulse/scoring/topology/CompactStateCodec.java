package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeFacts;
import io.learnpulse.scoring.domain.ChallengeFacts.Judgement;
import io.learnpulse.scoring.domain.ChallengeFacts.JudgementKind;
import io.learnpulse.scoring.domain.ChallengeFacts.Verdict;
import io.learnpulse.scoring.domain.EventKey;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.domain.StateLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Registration state, versions 3 and 4: a compact hand-written binary form of the same facts as
 * version 2 (scoring-state-v2.avdl), written and read without building Avro records (ADR 35).
 * Version 4 adds, per topic, what was last published (ADR 38); version 3 values are still read
 * (nothing published known).
 *
 * <pre>
 * state      = 0x04 aggregate varint(p) published*p  |  0x03 aggregate
 * aggregate  = string(registrationId) learner varint(n) challenge*n
 * learner    = 0x00 | 0x01 string(tenantId) string(learnerId) key
 * challenge  = string(assignmentId) string(topicId) string(challengeId) key(earliest)
 *              varlong(latest millis) varlong(records) flags varint(h) hint*h varint(j) judgement*j
 * flags      = bit 0 opened, bit 1 last step reached
 * hint       = varint(index) key
 * judgement  = key byte(kind &lt;&lt; 4 | verdict) string(answerId)
 * published  = string(topicId) long(digest) varlong(updatedAt millis)
 * key        = varlong(occurredAt millis) varlong(sequence) long(uuid msb) long(uuid lsb)
 * string     = varint(i): i &lt; table size names a string seen before in this value; i = table
 *              size is followed by varint(byte length) and UTF-8 bytes of a new one
 * </pre>
 *
 * Varints and varlongs are zig-zag, 7 bits per byte (as Avro's); times are epoch milliseconds, as
 * version 2's {@code timestamp_ms}. Avro single-object values start with {@code C3 01}, so the
 * first byte tells the formats apart.
 */
final class CompactStateCodec {

  /** First byte of a value of the version written, 4. */
  static final byte VERSION = 0x04;

  /** First byte of a version 3 value (no published statuses). */
  static final byte VERSION_3 = 0x03;

  private static final JudgementKind[] KINDS = JudgementKind.values();
  private static final Verdict[] VERDICTS = Verdict.values();

  private CompactStateCodec() {}

  /** True when {@code bytes} is a version 3 or 4 value. */
  static boolean isCompact(byte[] bytes) {
    return bytes.length > 0 && (bytes[0] == VERSION || bytes[0] == VERSION_3);
  }

  static byte[] encode(StoredRegistration stored) {
    RegistrationAggregate aggregate = stored.aggregate();
    Writer out = new Writer();
    out.buffer[out.length++] = VERSION;
    out.string(aggregate.registrationId());
    Optional<Learner> learner = aggregate.learner();
    if (learner.isPresent()) {
      Learner l = learner.get();
      out.raw(1);
      out.string(l.tenantId());
      out.string(l.learnerId());
      out.key(l.occurredAt(), l.sequence(), l.eventId());
    } else {
      out.raw(0);
    }
    List<ChallengeFacts> challenges = aggregate.challenges();
    out.varlong(challenges.size());
    for (ChallengeFacts facts : challenges) {
      out.string(facts.challenge().assignmentId());
      out.string(facts.challenge().topicId());
      out.string(facts.challenge().challengeId());
      out.key(facts.earliest());
      out.varlong(facts.latest().toEpochMilli());
      out.varlong(facts.records());
      out.raw((facts.opened() ? 1 : 0) | (facts.lastStepReached() ? 2 : 0));
      out.varlong(facts.hints().size());
      for (Map.Entry<Integer, EventKey> hint : facts.hints().entrySet()) {
        out.varlong(hint.getKey());
        out.key(hint.getValue());
      }
      out.varlong(facts.judgements().size());
      for (Judgement judgement : facts.judgements()) {
        out.key(judgement.key());
        out.raw(judgement.kind().ordinal() << 4 | judgement.verdict().ordinal());
        out.string(judgement.answerId());
      }
    }
    out.varlong(stored.published().size());
    for (Map.Entry<String, StoredRegistration.Published> published :
        stored.published().entrySet()) {
      out.string(published.getKey());
      out.fixedLong(published.getValue().digest());
      out.varlong(published.getValue().updatedAt().toEpochMilli());
    }
    return Arrays.copyOf(out.buffer, out.length);
  }

  /**
   * Reads a version 3 or 4 value.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed value of either
   */
  static StoredRegistration decode(byte[] bytes, StateLimits limits) {
    Reader in = new Reader(bytes);
    try {
      int version = in.raw();
      if (version != VERSION && version != VERSION_3) {
        throw new IllegalArgumentException("not a version 3 or 4 registration state");
      }
      String registrationId = in.string();
      Optional<Learner> learner = Optional.empty();
      int hasLearner = in.raw();
      if (hasLearner == 1) {
        String tenantId = in.string();
        String learnerId = in.string();
        Instant occurredAt = in.instant();
        long sequence = in.varlong();
        UUID eventId = in.uuid();
        learner = Optional.of(new Learner(tenantId, learnerId, occurredAt, sequence, eventId));
      } else if (hasLearner != 0) {
        throw new IllegalArgumentException("bad learner marker " + hasLearner);
      }
      int count = in.count();
      List<ChallengeFacts> challenges = new ArrayList<>(count);
      for (int c = 0; c < count; c++) {
        ChallengeRef ref = new ChallengeRef(in.string(), in.string(), in.string());
        EventKey earliest = in.key();
        Instant latest = in.instant();
        long records = in.varlong();
        int flags = in.raw();
        int hintCount = in.count();
        TreeMap<Integer, EventKey> hints = new TreeMap<>();
        for (int h = 0; h < hintCount; h++) {
          int index = Math.toIntExact(in.varlong());
          hints.put(index, in.key());
        }
        int judgementCount = in.count();
        List<Judgement> judgements = new ArrayList<>(judgementCount);
        for (int j = 0; j < judgementCount; j++) {
          EventKey key = in.key();
          int kindAndVerdict = in.raw();
          judgements.add(
              new Judgement(
                  key, KINDS[kindAndVerdict >> 4], in.string(), VERDICTS[kindAndVerdict & 0x0f]));
        }
        challenges.add(
            new ChallengeFacts(
                ref,
                earliest,
                latest,
                records,
                (flags & 1) != 0,
                (flags & 2) != 0,
                hints,
                judgements));
      }
      Map<String, StoredRegistration.Published> published = new LinkedHashMap<>();
      if (version == VERSION) {
        int publishedCount = in.count();
        for (int p = 0; p < publishedCount; p++) {
          String topicId = in.string();
          long digest = in.fixedLong();
          published.put(topicId, new StoredRegistration.Published(digest, in.instant()));
        }
      }
      if (in.position != bytes.length) {
        throw new IllegalArgumentException(
            (bytes.length - in.position) + " bytes after the registration state");
      }
      return new StoredRegistration(
          RegistrationAggregate.restore(registrationId, limits, learner, challenges), published);
    } catch (ArrayIndexOutOfBoundsException | ArithmeticException | NullPointerException e) {
      throw new IllegalArgumentException("a truncated or malformed registration state", e);
    }
  }

  /** A growing buffer with a table of the strings written so far. */
  private static final class Writer {
    private byte[] buffer = new byte[512];
    private int length;
    private final List<String> strings = new ArrayList<>(8);

    private void ensure(int more) {
      if (length + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }

    void raw(int b) {
      ensure(1);
      buffer[length++] = (byte) b;
    }

    void varlong(long value) {
      ensure(10);
      long n = (value << 1) ^ (value >> 63);
      while ((n & ~0x7FL) != 0) {
        buffer[length++] = (byte) ((n & 0x7F) | 0x80);
        n >>>= 7;
      }
      buffer[length++] = (byte) n;
    }

    void fixedLong(long value) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buffer[length++] = (byte) (value >>> shift);
      }
    }

    void string(String value) {
      // a handful of distinct strings per registration: a linear search beats hashing
      for (int i = 0; i < strings.size(); i++) {
        if (strings.get(i).equals(value)) {
          varlong(i);
          return;
        }
      }
      varlong(strings.size());
      strings.add(value);
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varlong(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buffer, length, utf8.length);
      length += utf8.length;
    }

    void key(EventKey key) {
      key(key.occurredAt(), key.sequence(), key.eventId());
    }

    void key(Instant occurredAt, long sequence, UUID eventId) {
      varlong(occurredAt.toEpochMilli());
      varlong(sequence);
      fixedLong(eventId.getMostSignificantBits());
      fixedLong(eventId.getLeastSignificantBits());
    }
  }

  /** A cursor over a value, with the table of the strings read so far. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;
    private final List<String> strings = new ArrayList<>(8);

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int raw() {
      return bytes[position++] & 0xff;
    }

    long varlong() {
      long n = 0;
      int shift = 0;
      long b;
      do {
        if (shift > 63) {
          throw new IllegalArgumentException("varint longer than 10 bytes");
        }
        b = bytes[position++] & 0xff;
        n |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return (n >>> 1) ^ -(n & 1);
    }

    int count() {
      long n = varlong();
      if (n < 0 || n > bytes.length - position) {
        throw new IllegalArgumentException("bad element count " + n);
      }
      return (int) n;
    }

    long fixedLong() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (bytes[position++] & 0xff);
      }
      return value;
    }

    String string() {
      long index = varlong();
      if (index >= 0 && index < strings.size()) {
        return strings.get((int) index);
      }
      if (index != strings.size()) {
        throw new IllegalArgumentException("bad string reference " + index);
      }
      int length = count();
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      strings.add(value);
      return value;
    }

    Instant instant() {
      return Instant.ofEpochMilli(varlong());
    }

    UUID uuid() {
      return new UUID(fixedLong(), fixedLong());
    }

    EventKey key() {
      Instant occurredAt = instant();
      long sequence = varlong();
      return new EventKey(occurredAt, sequence, uuid());
    }
  }
}
