package io.realtimekit.bench.load;

/** One load-generator WebSocket: send without blocking, close. */
public interface Ws {
  /** Queues a text frame; never blocks. Safe from any thread. */
  void send(String text);

  /** Closes normally. */
  void close();

  /** What a {@link Ws} reports to its owner. */
  interface Handler {
    /** A whole text frame arrived (on a client I/O thread: keep it short). */
    void onText(Ws ws, String text);

    /** The socket closed. */
    default void onClose(Ws ws, int code) {}
  }
}
