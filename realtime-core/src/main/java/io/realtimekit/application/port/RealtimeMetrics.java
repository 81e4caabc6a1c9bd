package io.realtimekit.application.port;

import io.realtimekit.domain.ErrorCode;

/**
 * What the core reports for monitoring. Every method has a no-op default, so an implementation
 * (Micrometer, a test counter) overrides what it records. The core never depends on a metrics
 * library.
 *
 * <p>Contract: called on hot paths from any thread; implementations must be thread-safe, must not
 * block and should not allocate per call (cache meters by name).
 */
public interface RealtimeMetrics {
  /** Records nothing. */
  RealtimeMetrics NONE = new RealtimeMetrics() {};

  /** A socket was accepted (before authentication). */
  default void socketOpened() {}

  /** A socket closed with {@code code} (from either side). */
  default void socketClosed(int code) {}

  /** A socket authenticated. */
  default void authenticated() {}

  /** A socket was refused before or at authentication; {@code reason} is a short fixed word. */
  default void refused(String reason) {}

  /** A client emitted {@code event}. */
  default void eventIn(String event) {}

  /** {@code event} was handed to {@code sockets} sockets of this node. */
  default void eventOut(String event, int sockets) {}

  /** A request was answered with a failure of {@code code}. */
  default void error(ErrorCode code) {}

  /** A transient event (typing) was dropped for a socket under back-pressure. */
  default void transientDropped() {}

  /** A socket was closed with 4429 because it read too slowly. */
  default void slowConsumerClosed() {}

  /** A client event was refused by the rate limit. */
  default void rateLimited() {}

  /**
   * A chat message took {@code nanos} from its arrival to being handed to the receiver's sockets.
   */
  default void deliveryNanos(long nanos) {}
}
