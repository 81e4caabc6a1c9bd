package io.realtimekit.transport;

/**
 * What the core does with a socket's life. Obtained from {@link RealtimeTransport#accept}; the
 * adapter calls it from its container's callbacks.
 *
 * <p>Calling rules: {@link #onOpen} first, once; then {@link #onText} for each complete text frame,
 * never concurrently for one connection; {@link #onError} any number of times; {@link #onClose}
 * last, once (also when the core itself asked for the close). No method blocks on the network.
 */
public interface InboundHandler {

  /** The socket is open (the upgrade succeeded). */
  void onOpen();

  /** A complete text frame arrived. */
  void onText(String text);

  /** The socket closed with {@code code} (from either side). Releases everything held for it. */
  void onClose(int code, String reason);

  /** The container reported an error on the socket; a close follows. */
  void onError(Throwable error);

  /**
   * Whether binary frames should reach {@link #onBinary}. When false (the default), the adapter
   * registers no binary handler and the container refuses such frames (a close with 1003).
   */
  default boolean acceptsBinary() {
    return false;
  }

  /** A complete binary frame of {@code length} bytes arrived; only when {@link #acceptsBinary}. */
  default void onBinary(int length) {}
}
