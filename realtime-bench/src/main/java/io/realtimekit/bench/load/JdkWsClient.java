package io.realtimekit.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link WsClient} on {@code java.net.http.WebSocket}. It allows one send outstanding per socket,
 * so each socket queues its frames and pumps them one completion after another.
 */
final class JdkWsClient implements WsClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .executor(
              Executors.newFixedThreadPool(
                  2,
                  r -> {
                    Thread t = new Thread(r, "load-jdk");
                    t.setDaemon(true);
                    return t;
                  }))
          .build();

  @Override
  public CompletableFuture<Ws> connect(URI uri, Ws.Handler handler) {
    Socket socket = new Socket(handler);
    return http.newWebSocketBuilder()
        .buildAsync(uri, socket)
        .thenApply(
            w -> {
              socket.ws = w;
              return socket;
            });
  }

  @Override
  public void close() {
    // the HttpClient of Java 17 has no close(); its threads are daemons
  }

  private static final class Socket implements WebSocket.Listener, Ws {
    private final Ws.Handler handler;
    private final ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final StringBuilder partial = new StringBuilder();
    volatile WebSocket ws;

    Socket(Ws.Handler handler) {
      this.handler = handler;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      this.ws = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (last && partial.length() == 0) {
        handler.onText(this, data.toString());
      } else {
        partial.append(data);
        if (last) {
          String whole = partial.toString();
          partial.setLength(0);
          handler.onText(this, whole);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      handler.onClose(this, statusCode);
      return null;
    }

    @Override
    public void send(String text) {
      out.add(text);
      pump();
    }

    private void pump() {
      while (!out.isEmpty() && sending.compareAndSet(false, true)) {
        String next = out.poll();
        if (next == null) {
          sending.set(false);
          continue;
        }
        ws.sendText(next, true)
            .whenComplete(
                (w, e) -> {
                  sending.set(false);
                  if (e == null) {
                    pump();
                  }
                });
        return;
      }
    }

    @Override
    public void close() {
      WebSocket w = ws;
      if (w != null) {
        try {
          w.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        } catch (RuntimeException e) {
          w.abort();
        }
      }
    }
  }
}
