package io.realtimekit.application.port;

import java.util.Objects;

/**
 * A position in one user's event stream ({@link UserEventStreams}): the stream's {@code epoch} and
 * the {@code offset} of the last event at or before it (0 before the first event of an epoch).
 *
 * @param epoch identifies one unbroken history of the stream; it changes whenever history is lost
 *     (1 to 64 characters)
 * @param offset the offset of the last event covered, never negative
 */
public record StreamPosition(String epoch, long offset) {
  /** Largest epoch length accepted from a client. */
  public static final int MAX_EPOCH_LENGTH = 64;

  /** Validates: a non-blank epoch of at most 64 characters, a non-negative offset. */
  public StreamPosition {
    Objects.requireNonNull(epoch, "epoch");
    if (epoch.isBlank() || epoch.length() > MAX_EPOCH_LENGTH) {
      throw new IllegalArgumentException("epoch must be 1 to " + MAX_EPOCH_LENGTH + " characters");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
  }
}
