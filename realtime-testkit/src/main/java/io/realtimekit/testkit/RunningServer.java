package io.realtimekit.testkit;

import java.net.URI;
import java.util.Objects;

/**
 * A running server that serves a {@link io.realtimekit.Realtime}'s native protocol, as the
 * conformance suite and {@link TestServer} see it. Adapters wrap their own server handle in one.
 */
public interface RunningServer extends AutoCloseable {

  /** The WebSocket URI of the native protocol ({@code ws://127.0.0.1:PORT/realtime}). */
  URI uri();

  /**
   * Stops the server gracefully: open sockets are closed with 1001, and when this returns the
   * server's threads and port are released. Idempotent. Does not close the {@code Realtime}.
   */
  @Override
  void close() throws Exception;

  /** A server handle from its URI and its stop action. */
  static RunningServer of(URI uri, AutoCloseable stop) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(stop, "stop");
    return new RunningServer() {
      @Override
      public URI uri() {
        return uri;
      }

      @Override
      public void close() throws Exception {
        stop.close();
      }

      @Override
      public String toString() {
        return "RunningServer[" + uri + "]";
      }
    };
  }
}
