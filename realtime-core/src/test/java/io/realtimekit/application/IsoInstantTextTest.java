package io.realtimekit.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTextTest {
  private final IsoInstantText text = new IsoInstantText();

  @Test
  void writesTheSameCharactersAsInstantToString() {
    for (String s :
        new String[] {
          "2026-11-28T05:12:25Z", "2026-11-28T05:12:25.100Z", "2026-11-28T05:12:25.000001Z",
          "2026-11-28T05:12:25.000000001Z", "2026-11-28T05:12:25.123456789Z",
              "2026-11-28T05:12:25.120Z",
          "1970-01-01T00:00:00Z", "0000-01-01T00:00:00.5Z", "9999-12-31T23:59:59.999999999Z",
          "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z"
        }) {
      Instant t = Instant.parse(s);
      assertThat(text.format(t)).as(s).isEqualTo(t.toString());
    }
  }

  @Test
  void agreesWithInstantToStringOnRandomInstantsAcrossSeconds() {
    SplittableRandom random = new SplittableRandom(42);
    long base = Instant.parse("2026-11-28T05:12:25Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      // a few seconds around base (the cache is hit and replaced), every kind of fraction
      long second = base + random.nextInt(4);
      int nano =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(second, nano);
      assertThat(text.format(t)).isEqualTo(t.toString());
    }
  }
}
