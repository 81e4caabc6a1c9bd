package io.realtimekit.transport;

import io.realtimekit.RealtimeSettings;

/**
 * The entry point for transport adapters: one call per accepted socket.
 *
 * <pre>{@code
 * InboundHandler handler = realtime.transport().accept(myConnection);
 * handler.onOpen();          // then onText(...) per frame, onClose(...) at the end
 * }</pre>
 */
public interface RealtimeTransport {

  /**
   * Starts serving the native protocol on {@code connection}.
   *
   * @throws IllegalStateException when the {@link io.realtimekit.Realtime} is not started or is
   *     closed
   */
  InboundHandler accept(TransportConnection connection);

  /**
   * The limits an adapter applies in its container (frame size, heartbeat, idle timeout, origins).
   */
  RealtimeSettings settings();

  /** How many sockets are open on this node right now (authenticated or not). */
  int openConnections();
}
