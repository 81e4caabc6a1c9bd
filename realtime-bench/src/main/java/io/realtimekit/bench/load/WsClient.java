package io.realtimekit.bench.load;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens {@link Ws} sockets; two implementations so that their costs can be compared. */
public interface WsClient extends AutoCloseable {
  /** Opens a socket to {@code uri}; the future completes once the upgrade is done. */
  CompletableFuture<Ws> connect(URI uri, Ws.Handler handler);

  @Override
  void close();

  /**
   * A client by name: {@code jetty} (Jetty 12's WebSocket client, non-blocking; {@code sources} &gt;
   * 1 spreads sockets over 127.0.0.1..n to pass the 64k-port limit) or {@code jdk} ({@code
   * java.net.http.WebSocket}; one source address).
   */
  static WsClient create(String kind, int sources) {
    return switch (kind) {
      case "jetty" -> new JettyWsClient(sources);
      case "jdk" -> new JdkWsClient();
      default -> throw new IllegalArgumentException("client must be jetty or jdk");
    };
  }
}
