package io.realtimekit;

import java.time.Duration;

/** The argument checks of {@link RealtimeBuilder}'s bounded settings, with their messages. */
final class BuilderChecks {
  private BuilderChecks() {}

  /**
   * {@code value}, when at least {@code min}.
   *
   * @throws IllegalArgumentException otherwise
   */
  static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min);
    }
    return value;
  }

  /**
   * {@code value}, when not null and at least {@code min}.
   *
   * @throws IllegalArgumentException otherwise ("must not be negative" when {@code min} is zero)
   */
  static Duration atLeast(Duration value, Duration min, String name) {
    if (value == null || value.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          name
              + (min.isZero()
                  ? " must not be negative"
                  : " must be at least " + min.toMillis() + " ms"));
    }
    return value;
  }
}
