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
 */
public record OutboundEvent(String name, String dataJson, boolean transientEvent) {
  /** Requires name and payload. */
  public OutboundEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataJson, "dataJson");
  }

  /** An event that must arrive. */
  public static OutboundEvent of(String name, String dataJson) {
    return new OutboundEvent(name, dataJson, false);
  }
}
