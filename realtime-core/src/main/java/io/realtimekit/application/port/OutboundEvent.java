package io.realtimekit.application.port;

import java.util.Objects;

/**
 * An event pushed to clients: its name and its payload already serialised to JSON, so that one
 * notification fanned out to many sockets is serialised once. Each protocol wraps it in its own
 * framing.
 *
 * @param name the event name clients receive ({@code chat:message}, a notification type...)
 * @param dataJson the payload as JSON text
 * @param transientEvent true for events that may be dropped under back-pressure instead of queued
 *     (typing indicators); false for everything that must arrive
 * @param position where the event was kept in the receiving user's stream ({@link
 *     UserEventStreams}), or null when it was not kept (transient events, recovery off)
 */
public record OutboundEvent(
    String name, String dataJson, boolean transientEvent, StreamPosition position) {
  /** The {@link #offset()} of an event that was not kept in a stream. */
  public static final long NOT_KEPT = -1;

  /** Requires name and payload. */
  public OutboundEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataJson, "dataJson");
  }

  /** An event not kept in a stream. */
  public OutboundEvent(String name, String dataJson, boolean transientEvent) {
    this(name, dataJson, transientEvent, null);
  }

  /** This event as kept at {@code position} of its receiver's stream. */
  public OutboundEvent withPosition(StreamPosition position) {
    return new OutboundEvent(
        name, dataJson, transientEvent, Objects.requireNonNull(position, "position"));
  }

  /** True when the event was kept in its receiver's stream. */
  public boolean isKept() {
    return position != null;
  }

  /** The offset in the receiver's stream, or {@link #NOT_KEPT}. */
  public long offset() {
    return position == null ? NOT_KEPT : position.offset();
  }

  /** An event that must arrive. */
  public static OutboundEvent of(String name, String dataJson) {
    return new OutboundEvent(name, dataJson, false);
  }
}
