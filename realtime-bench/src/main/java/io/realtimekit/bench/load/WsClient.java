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
   * A client by name: {@code nio} ({@link NioWsClient}, plain {@code java.nio} on one selector
   * thread, the leanest), {@code jetty} (Jetty 12's WebSocket client, non-blocking) or {@code jdk}
   * ({@code java.net.http.WebSocket}; one source address). For {@code nio} and {@code jetty},
   * {@code sources} &gt; 1 spreads sockets over 127.0.0.1..n to pass the 64k-port limit.
   */
  static WsClient create(String kind, int sources) {
    return switch (kind) {
      case "nio" -> new NioWsClient(sources);
      case "jetty" -> new JettyWsClient(sources);
      case "jdk" -> new JdkWsClient();
      default -> throw new IllegalArgumentException("client must be nio, jetty or jdk");
    };
  }
}
