package io.realtimekit.application.port;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history a {@link UserEventStreams} keeps per user.
 *
 * @param window events older than this are trimmed. Default 2 minutes
 * @param maxEvents at most this many events are kept per user (the oldest go first). Default 1,000
 */
public record StreamLimits(Duration window, int maxEvents) {
  /** The defaults: 2 minutes, 1,000 events. */
  public static final StreamLimits DEFAULTS = new StreamLimits(Duration.ofMinutes(2), 1_000);

  /** Validates: a window of at least 1 ms, at least one event. */
  public StreamLimits {
    Objects.requireNonNull(window, "window");
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("streamWindow must be at least 1 ms");
    }
    if (maxEvents < 1) {
      throw new IllegalArgumentException("streamMaxEvents must be at least 1");
    }
  }
}
