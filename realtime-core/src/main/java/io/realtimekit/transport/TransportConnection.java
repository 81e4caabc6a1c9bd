package io.realtimekit.transport;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One accepted WebSocket, as the adapter presents it to the core. Implemented by adapters.
 *
 * <p>Calling rules: the core calls {@link #sendText} with at most one write outstanding at a time
 * (it waits for the callback before the next one, so containers that refuse concurrent async sends
 * are safe); {@link #close} may be called from any thread, more than once (later calls are
 * ignored), and must not block on the network.
 */
public interface TransportConnection {

  /** The peer address as text ({@code "127.0.0.1:53211"}), for logs. */
  String remoteAddress();

  /**
   * The headers of the upgrade request. Keys compare case-insensitively through {@link #header}; an
   * absent header is absent (not an empty list). The core reads them in {@link
   * InboundHandler#onOpen} only; an adapter may release them once that returned (then empty), so
   * that an idle socket does not hold its whole handshake.
   */
  Map<String, List<String>> handshakeHeaders();

  /** The first value of handshake header {@code name}, compared case-insensitively. */
  default Optional<String> header(String name) {
    for (Map.Entry<String, List<String>> e : handshakeHeaders().entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.ofNullable(e.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  /**
   * The query parameters of the upgrade request ({@code ?EIO=4&transport=websocket&sid=...}), for
   * protocols that read them (Socket.IO), in {@link RealtimeTransport#accept} and {@link
   * InboundHandler#onOpen} only, like the headers. Default: none.
   */
  default Map<String, List<String>> queryParameters() {
    return Map.of();
  }

  /** Writes one text frame asynchronously and reports through {@code callback}. Never blocks. */
  void sendText(String text, SendCallback callback);

  /**
   * Writes several text frames, in order, and reports once through {@code callback} when the last
   * was handed to the network (or the first failure). The core calls it instead of {@link
   * #sendText} when more than one frame waits for the socket, under the same one-write-outstanding
   * rule. Adapters whose container can gather frames into one network write (Jetty's batch mode)
   * override it; the default writes them one after the other.
   */
  default void sendTexts(List<String> texts, SendCallback callback) {
    new SequentialSend(this, texts, callback).next();
  }

  /** Closes the socket with {@code code} and a short {@code reason} (at most 123 bytes). */
  void close(int code, String reason);
}
