package io.realtimekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.examples.SocketIoCompatTest.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket.IO without sticky sessions: two example nodes in cluster mode on a redis-server of the
 * test's own, behind a round-robin proxy started by the test ({@link RoundRobinProxy}: every HTTP
 * request on a new connection, each connection to the other node), and the official {@code
 * socket.io-client} of {@code socketio-compat/nonsticky.js} through it: two clients whose sessions
 * are on different nodes connect, chat both ways with acknowledgements, one's transport drops and
 * it reconnects and chats again, with long-polling only and with the default options (polling, then
 * an upgrade probe that may reach either node).
 */
@Timeout(240)
class NonStickyPollingTest {
  static Process redis;
  static ExampleServer nodeA;
  static ExampleServer nodeB;
  static RoundRobinProxy proxy;
  static RoundRobinProxy upgradesAway;

  @BeforeAll
  static void start() throws Exception {
    SocketIoCompatTest.installClient();
    int redisPort = freePort();
    redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitPing(redisPort);
    nodeA = node("ns-a", redisPort);
    nodeB = node("ns-b", redisPort);
    List<Integer> ports = List.of(nodeA.server().port(), nodeB.server().port());
    proxy = RoundRobinProxy.start(ports);
    upgradesAway = RoundRobinProxy.start(ports, List.of("ns-a", "ns-b"));
  }

  private static ExampleServer node(String id, int redisPort) throws Exception {
    return ExampleServer.start(
        Map.of(
            "PORT",
            "0",
            "REALTIME_JWT_SECRET",
            SocketIoCompatTest.SECRET,
            "NODE_ID",
            id,
            "REDIS_URL",
            "redis://127.0.0.1:" + redisPort));
  }

  @AfterAll
  static void stop() throws Exception {
    for (RoundRobinProxy p : new RoundRobinProxy[] {proxy, upgradesAway}) {
      if (p != null) {
        p.close();
      }
    }
    for (ExampleServer n : new ExampleServer[] {nodeA, nodeB}) {
      if (n != null) {
        n.close();
      }
    }
    if (redis != null) {
      redis.destroyForcibly();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"polling-only", "default-options"})
  void theOfficialClientChatsThroughARoundRobinProxy(String scenario) throws Exception {
    int beforeA = proxy.served(0);
    int beforeB = proxy.served(1);
    try (Node node = Node.run("http://127.0.0.1:" + proxy.port(), "nonsticky.js", scenario)) {
      node.assertPassed();
      System.out.println(scenario + ":\n" + node.output()); // which node, which transport
      assertThat(node.output())
          .contains("sessions: agent on ns-", "reconnected: visitor on ns-", "transports: ");
    }
    assertThat(proxy.served(0) - beforeA).as("connections to node a").isGreaterThan(5);
    assertThat(proxy.served(1) - beforeB).as("connections to node b").isGreaterThan(5);
  }

  /**
   * The default options when every upgrade reaches the node without the session: the probe is
   * refused there (its WebSocket closed before any answer) and the client goes on polling.
   */
  @Test
  void aProbeReachingTheOtherNodeFailsCleanlyAndTheClientKeepsPolling() throws Exception {
    try (Node node =
        Node.run("http://127.0.0.1:" + upgradesAway.port(), "nonsticky.js", "default-options")) {
      node.assertPassed();
      System.out.println("default-options, upgrades away:\n" + node.output());
      assertThat(node.output()).contains("transports: agent polling, visitor polling");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits (10 s at most) until the redis-server answers PING. */
  private static void awaitPing(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      assertThat(redis.isAlive()).as("redis-server is running").isTrue();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        s.setSoTimeout(500);
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        if (new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG")) {
          return;
        }
      } catch (IOException e) {
        redis.waitFor(50, TimeUnit.MILLISECONDS); // not listening yet
      }
    }
    throw new AssertionError("redis-server did not answer PING within 10 s");
  }
}
