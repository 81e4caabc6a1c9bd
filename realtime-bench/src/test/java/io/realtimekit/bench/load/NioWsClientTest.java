package io.realtimekit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link NioWsClient} against a real Jetty 12 (Jakarta) WebSocket server on loopback. */
class NioWsClientTest {
  private static final long WAIT = 10;

  private Server server;
  private URI uri;
  private NioWsClient client;
  private ExecutorService senders;

  @BeforeEach
  void startServer() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    JakartaWebSocketServletContainerInitializer.configure(
        context,
        (servletContext, container) -> {
          container.setDefaultMaxTextMessageBufferSize(1 << 20);
          container.setDefaultMaxSessionIdleTimeout(0);
          container.addEndpoint(Echo.class);
        });
    server.setHandler(context);
    server.start();
    uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
  }

  @AfterEach
  void stopAll() throws Exception {
    if (senders != null) {
      senders.shutdownNow();
      assertThat(senders.awaitTermination(WAIT, TimeUnit.SECONDS)).isTrue();
    }
    if (client != null) {
      client.close();
    }
    server.stop();
  }

  @Test
  void socketsBindToTheGivenSourceAddress() throws Exception {
    InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, 3});
    client = new NioWsClient(List.of(source), 1);
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
      client.connect(
          URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/echo"), new Inbox());
      try (Socket accepted = listener.accept()) {
        assertThat(accepted.getInetAddress()).isEqualTo(source);
      }
    }
  }

  @Test
  void connectsAndEchoesText() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    ws.send("hello");
    ws.send("héllo wörld ✓ 😀");
    assertThat(inbox.next()).isEqualTo("hello");
    assertThat(inbox.next()).isEqualTo("héllo wörld ✓ 😀");
  }

  @Test
  void thousandMessagesFromSeveralThreadsComeBackInOrderPerSender() throws Exception {
    client = new NioWsClient(1, 2);
    Inbox[] inboxes = {new Inbox(), new Inbox()};
    Ws[] sockets = {open(inboxes[0]), open(inboxes[1])};
    int threads = 4;
    int each = 250;
    senders = Executors.newFixedThreadPool(threads);
    List<Future<?>> sent = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int sender = t;
      sent.add(
          senders.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  sockets[sender % 2].send(sender + ":" + i);
                }
              }));
    }
    for (Future<?> f : sent) {
      f.get(WAIT, TimeUnit.SECONDS);
    }
    for (int s = 0; s < 2; s++) {
      Map<Integer, Integer> last = new HashMap<>();
      for (int k = 0; k < threads / 2 * each; k++) {
        String text = inboxes[s].next();
        int sender = Integer.parseInt(text.substring(0, text.indexOf(':')));
        int seq = Integer.parseInt(text.substring(text.indexOf(':') + 1));
        assertThat(sender % 2).as("sent on socket %d", s).isEqualTo(s);
        assertThat(seq)
            .as("order of sender %d", sender)
            .isEqualTo(last.getOrDefault(sender, -1) + 1);
        last.put(sender, seq);
      }
      assertThat(last.values()).containsOnly(each - 1);
    }
  }

  @Test
  void largeMessagesUseEveryLengthEncoding() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    Random random = new Random(42);
    // 7-bit, 16-bit (126 and 65535) and 64-bit (65536, 100 KiB) lengths, both ways
    for (int size : new int[] {125, 126, 65_535, 65_536, 100 * 1024}) {
      StringBuilder sb = new StringBuilder(size);
      for (int i = 0; i < size; i++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
      String text = sb.toString();
      ws.send(text);
      assertThat(inbox.next()).as("echo of %d bytes", size).isEqualTo(text);
    }
  }

  @Test
  void fragmentedTextIsAssembled() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    ws.send("fragments:5");
    assertThat(inbox.next()).isEqualTo("part0 é|part1 é|part2 é|part3 é|part4 é|");
    ws.send("after");
    assertThat(inbox.next()).isEqualTo("after");
  }

  @Test
  void binaryMessagesAreIgnored() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    ws.send("binary");
    assertThat(inbox.next()).isEqualTo("after binary");
  }

  @Test
  void serverPingIsAnswered() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    ws.send("ping:abc");
    assertThat(inbox.next()).isEqualTo("pong:abc");
  }

  @Test
  void serverCloseIsReportedWithItsCode() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    ws.send("close:4001");
    assertThat(inbox.closed.get(WAIT, TimeUnit.SECONDS)).isEqualTo(4001);
    ws.send("dropped"); // closed: neither throws nor sends
    assertThat(inbox.texts).isEmpty();
  }

  @Test
  void clientCloseCompletesTheCloseHandshake() throws Exception {
    client = new NioWsClient(1);
    Inbox inbox = new Inbox();
    Ws ws = open(inbox);
    ws.close();
    assertThat(inbox.closed.get(WAIT, TimeUnit.SECONDS)).isEqualTo(1000);
  }

  @Test
  void connectWithNothingListeningFails() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    client = new NioWsClient(1);
    CompletableFuture<Ws> f =
        client.connect(URI.create("ws://127.0.0.1:" + port + "/echo"), new Inbox());
    assertThatThrownBy(() -> f.get(WAIT, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void refusedUpgradeFails() throws Exception {
    client = new NioWsClient(1);
    CompletableFuture<Ws> f = client.connect(uri.resolve("/nowhere"), new Inbox());
    assertThatThrownBy(() -> f.get(WAIT, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("upgrade refused: HTTP/1.1 404");
  }

  @Test
  void sourcesSpreadSocketsOverLoopbackAddresses() throws Exception {
    client = new NioWsClient(2);
    Inbox a = new Inbox();
    Inbox b = new Inbox();
    open(a).send("whoami");
    open(b).send("whoami");
    assertThat(a.next()).startsWith("/127.0.0.1:");
    assertThat(b.next()).startsWith("/127.0.0.2:");
  }

  @Test
  void closingTheClientClosesSocketsAndEndsItsThreads() throws Exception {
    client = new NioWsClient(1, 3);
    Inbox inbox = new Inbox();
    open(inbox);
    assertThat(nioThreads()).hasSize(3);
    client.close();
    assertThat(nioThreads()).isEmpty();
    assertThat(inbox.closed.get(WAIT, TimeUnit.SECONDS)).isEqualTo(1006);
    assertThat(client.connect(uri, new Inbox())).isCompletedExceptionally();
  }

  private static List<String> nioThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("nio"))
        .toList();
  }

  private Ws open(Inbox inbox) throws Exception {
    return client.connect(uri, inbox).get(WAIT, TimeUnit.SECONDS);
  }

  /** What one socket received. */
  private static final class Inbox implements Ws.Handler {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    @Override
    public void onText(Ws ws, String text) {
      texts.add(text);
    }

    @Override
    public void onClose(Ws ws, int code) {
      closed.complete(code);
    }

    String next() throws InterruptedException {
      String text = texts.poll(WAIT, TimeUnit.SECONDS);
      assertThat(text).as("a message within %d s", WAIT).isNotNull();
      return text;
    }
  }

  /**
   * The server: echoes text, and on a few commands fragments, sends binary, pings, closes or tells
   * the client's address.
   */
  @ServerEndpoint("/echo")
  public static final class Echo {
    @OnMessage
    public void onText(Session session, String text) throws IOException {
      var remote = session.getBasicRemote();
      if (text.startsWith("fragments:")) {
        int n = Integer.parseInt(text.substring("fragments:".length()));
        for (int i = 0; i < n; i++) {
          remote.sendText("part" + i + " é|", i == n - 1);
        }
      } else if (text.equals("binary")) {
        remote.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        remote.sendText("after binary");
      } else if (text.startsWith("ping:")) {
        remote.sendPing(ByteBuffer.wrap(text.substring(5).getBytes(StandardCharsets.UTF_8)));
      } else if (text.startsWith("close:")) {
        int code = Integer.parseInt(text.substring(6));
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), "bye"));
      } else if (text.equals("whoami")) {
        remote.sendText(
            String.valueOf(
                ((JakartaWebSocketSession) session).getCoreSession().getRemoteAddress()));
      } else {
        remote.sendText(text);
      }
    }

    /** A test ending with sockets open aborts them (1006): expected, not worth a stack trace. */
    @OnError
    public void onError(Throwable cause) {
      // nothing to do
    }

    @OnMessage
    public void onPong(Session session, PongMessage pong) throws IOException {
      ByteBuffer data = pong.getApplicationData();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      session.getBasicRemote().sendText("pong:" + new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
