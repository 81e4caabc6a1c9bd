package io.realtimekit.application.port;

import java.util.Objects;

/**
 * One event kept in a user's stream ({@link UserEventStreams}).
 *
 * @param offset its position in the stream (1 for the first event of an epoch, then +1 per event)
 * @param type the event name clients receive ({@code chat:message}, a notification type...)
 * @param payloadJson its payload as JSON text, as pushed live
 */
public record KeptEvent(long offset, String type, String payloadJson) {
  /** Requires every component and a positive offset. */
  public KeptEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    if (offset < 1) {
      throw new IllegalArgumentException("offset must be positive");
    }
  }
}
