package io.realtimekit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients opened, used and closed at once, half of them refused by the server right after
 * their first frame (as the server does with 4401/4429): every send the client made while its
 * socket was open must succeed, whatever the other clients' sockets and the server do meanwhile.
 *
 * <p>This guards the race where Tyrus's {@code ClientManager} shut down the executor of a session
 * as soon as its last connection closed, while {@code TyrusRemoteEndpoint.Basic.sendText} still had
 * to schedule the session's idle-timeout task after a write that had succeeded.
 */
@Timeout(180)
class RealtimeTestClientChurnTest {
  static final int CLIENTS = 200;
  static final int THREADS = 8;
  static final Duration WAIT = Duration.ofSeconds(20);

  Server server;
  URI uri;

  @BeforeEach
  void start() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("churn-server");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebSocketUpgradeHandler upgrades =
        new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server));
    upgrades.addMapping("/ws", (request, response, callback) -> new RefusingEcho());
    server.setHandler(upgrades);
    server.start();
    uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws");
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void everySendOnAnOpenSocketSucceedsWhileOtherClientsOpenAndClose() throws Exception {
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger echoed = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int n = i;
      tasks.add(
          () -> {
            try {
              if (n % 2 == 0) {
                refusedAfterFirstFrame(n);
                refused.incrementAndGet();
              } else {
                echoedThenClosed(n);
                echoed.incrementAndGet();
              }
            } catch (Throwable e) {
              failures.add("client " + n + ": " + stackTrace(e));
            }
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(failures).as("%d of %d clients failed", failures.size(), CLIENTS).isEmpty();
    assertThat(refused.get()).isEqualTo(CLIENTS / 2);
    assertThat(echoed.get()).isEqualTo(CLIENTS / 2);
    // the kit's client threads all end once every client is closed (Tyrus's own transport threads
    // are Tyrus's business: its shared NIO group lingers a while by design)
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(threadsNamed("testkit-tyrus-client-")).isEmpty());
  }

  /** Open, send the first frame; the server answers an error and closes 4429 at once. */
  private void refusedAfterFirstFrame(int n) throws Exception {
    RealtimeTestClient c = RealtimeTestClient.open(uri);
    try {
      c.authenticate("token-" + n);
      assertThat(c.await("error", WAIT).path("code").asText()).isEqualTo("RATE_LIMITED");
      assertThat(c.awaitClose(WAIT)).isEqualTo(4429);
    } finally {
      c.close();
    }
  }

  /** Open, send an event, get it back, close from the client side. */
  private void echoedThenClosed(int n) throws Exception {
    try (RealtimeTestClient c = RealtimeTestClient.open(uri)) {
      c.fire("echo", Map.of("n", n));
      assertThat(c.await("echo", WAIT).path("n").asInt()).isEqualTo(n);
    }
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /**
   * Echoes text frames, except a {@code connect} frame: that one gets an error frame and a 4429
   * close, immediately, like a server refusing a client on its first frame.
   */
  static final class RefusingEcho implements FrameHandler {
    private volatile CoreSession session;

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
      session = coreSession;
      callback.succeeded();
      coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
      if (frame.getOpCode() != OpCode.TEXT) {
        callback.succeeded(); // a CLOSE is answered by the core session; nothing else is sent
        if (frame.getOpCode() != OpCode.CLOSE) {
          session.demand();
        }
        return;
      }
      String text = frame.getPayloadAsUTF8();
      callback.succeeded();
      if (text.contains("\"type\":\"connect\"")) {
        session.sendFrame(
            new Frame(OpCode.TEXT, "{\"type\":\"error\",\"data\":{\"code\":\"RATE_LIMITED\"}}"),
            Callback.NOOP,
            false);
        session.close(4429, "refused", Callback.NOOP);
      } else {
        session.sendFrame(new Frame(OpCode.TEXT, text), Callback.NOOP, false);
        session.demand();
      }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
      callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
      callback.succeeded();
    }
  }
}
