package io.realtimekit.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Formats instants exactly as {@link Instant#toString()} does ({@code 2026-11-28T05:12:25.123Z}),
 * faster: the date and time up to the second are computed once per second and reused, only the
 * fraction is written per call. For the {@code sentAt} of every chat message. Thread-safe; each
 * owner keeps its own instance.
 */
public final class IsoInstantText {
  /** The text of one whole second, without its {@code Z}. */
  private record Second(long epochSecond, String text) {}

  private static final long YEAR_0000 = -62_167_219_200L;
  private static final long YEAR_10000 = 253_402_300_800L;

  private volatile Second last = new Second(Long.MIN_VALUE, "");

  /** {@code instant} as ISO-8601 text, the same characters as {@code instant.toString()}. */
  public String format(Instant instant) {
    return appendTo(new StringBuilder(30), instant).toString();
  }

  /** Appends {@link #format}'s text for {@code instant} to {@code out}; returns {@code out}. */
  public StringBuilder appendTo(StringBuilder out, Instant instant) {
    long second = instant.getEpochSecond();
    if (second < YEAR_0000 || second >= YEAR_10000) {
      return out.append(instant); // other years are written with a sign or more digits
    }
    Second s = last;
    if (s.epochSecond() != second) {
      String whole = instant.truncatedTo(ChronoUnit.SECONDS).toString();
      s = new Second(second, whole.substring(0, whole.length() - 1));
      last = s;
    }
    out.append(s.text());
    int nano = instant.getNano();
    if (nano != 0) {
      out.append('.');
      if (nano % 1_000_000 == 0) {
        digits(out, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(out, nano / 1_000, 6);
      } else {
        digits(out, nano, 9);
      }
    }
    return out.append('Z');
  }

  /** {@code value} in exactly {@code width} decimal digits, zeros first. */
  private static void digits(StringBuilder out, int value, int width) {
    for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
      out.append((char) ('0' + value / divisor % 10));
    }
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}
