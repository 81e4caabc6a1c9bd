package io.realtimekit.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** {@link WsClient} on Jetty 12's WebSocket client: one client per loopback source address. */
public final class JettyWsClient implements WsClient {
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  JettyWsClient(int sources) {
    for (int i = 0; i < sources; i++) {
      try {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("load-" + i);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(1_000_000);
        http.setMaxRequestsQueuedPerDestination(1_000_000);
        http.setConnectTimeout(30_000);
        if (sources > 1) {
          http.setBindAddress(new InetSocketAddress("127.0.0." + (i + 1), 0));
        }
        WebSocketClient ws = new WebSocketClient(http);
        ws.setIdleTimeout(java.time.Duration.ZERO);
        ws.setMaxTextMessageSize(1 << 20);
        ws.start();
        clients.add(ws);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the Jetty WebSocket client", e);
      }
    }
  }

  @Override
  public CompletableFuture<Ws> connect(URI uri, Ws.Handler handler) {
    WebSocketClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    Socket socket = new Socket(handler);
    try {
      return client.connect(socket, uri).thenApply(s -> socket);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    for (WebSocketClient c : clients) {
      try {
        c.stop();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }
  }

  public static final class Socket implements Session.Listener.AutoDemanding, Ws {
    private final Ws.Handler handler;
    private volatile Session session;

    Socket(Ws.Handler handler) {
      this.handler = handler;
    }

    @Override
    public void onWebSocketOpen(Session s) {
      this.session = s;
    }

    @Override
    public void onWebSocketText(String text) {
      handler.onText(this, text);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      // a socket closed while frames were queued (ClosedChannelException): expected at teardown
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
      handler.onClose(this, code);
    }

    @Override
    public void send(String text) {
      Session s = session;
      if (s != null) {
        s.sendText(text, Callback.NOOP);
      }
    }

    @Override
    public void close() {
      Session s = session;
      if (s != null) {
        s.close(1000, "bye", Callback.NOOP);
      }
    }
  }
}
