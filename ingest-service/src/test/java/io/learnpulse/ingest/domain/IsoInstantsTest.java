package io.learnpulse.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast instant parser answers exactly what {@link Instant#parse} answers. */
class IsoInstantsTest {

  private static void sameAsInstantParse(String text) {
    Instant expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException e) {
      assertThatThrownBy(() -> IsoInstants.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
      return;
    }
    assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-03-01T10:15:30Z",
        "2025-03-01T10:15:30.250Z",
        "2025-03-01T10:15:30.2Z",
        "2025-03-01T10:15:30.123456789Z",
        "2025-03-01T10:15:30.1234567891Z",
        "2025-03-01T10:15:30.Z",
        "2025-03-01T10:15:30+01:00",
        "2025-03-01T10:15:30.5-05:30",
        "2025-03-01T00:15:30+18:00",
        "2025-03-01T00:15:30-18:00",
        "2025-03-01T00:15:30+18:01",
        "2025-03-01T00:15:30+19:00",
        "2025-03-01T10:15:30-00:00",
        "2025-03-01T10:15:30+01:00:30",
        "2025-03-01T10:15:30+0100",
        "2025-03-01t10:15:30z",
        "2025-03-01T10:15Z",
        "2025-03-01T24:00:00Z",
        "2025-03-01T23:59:60Z",
        "2025-03-01T10:60:00Z",
        "2025-02-29T10:15:30Z",
        "2024-02-29T10:15:30Z",
        "2025-04-31T10:15:30Z",
        "2025-13-01T10:15:30Z",
        "2025-00-01T10:15:30Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "+12025-03-01T10:15:30Z",
        "2025-03-01 10:15:30Z",
        "2025-03-01T10:15:30",
        "2025-03-01T10:15:30ZZ",
        "2025-03-01T1a:15:30Z",
        "2025-3-01T10:15:30Z",
        "２０２５-03-01T10:15:30Z",
        "",
        "not a time"
      })
  void answersLikeInstantParse(String text) {
    sameAsInstantParse(text);
  }

  @Test
  void agreesWithInstantParseOnRandomInstantsAndOffsets() {
    Random random = new Random(20261127);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
      int offsetMinutes = (random.nextInt(37) - 18) * 60 + (random.nextBoolean() ? 0 : 30);
      ZoneOffset offset =
          ZoneOffset.ofTotalSeconds(Math.max(-18 * 3600, Math.min(18 * 3600, offsetMinutes * 60)));
      String pattern =
          switch (random.nextInt(4)) {
            case 0 -> "uuuu-MM-dd'T'HH:mm:ssXXX";
            case 1 -> "uuuu-MM-dd'T'HH:mm:ss.SSSXXX";
            case 2 -> "uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX";
            default -> "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX";
          };
      texts.add(DateTimeFormatter.ofPattern(pattern).format(instant.atOffset(offset)));
    }
    texts.forEach(IsoInstantsTest::sameAsInstantParse);
  }
}
