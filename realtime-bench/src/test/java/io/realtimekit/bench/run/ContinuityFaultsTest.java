package io.realtimekit.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.Realtime;
import io.realtimekit.bench.load.NioWsClient;
import io.realtimekit.bench.load.Ws;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import io.realtimekit.jetty.RealtimeJetty;
import io.realtimekit.jetty.RealtimeServer;
import io.realtimekit.redis.RedisClusterEngine;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two defects the soak found, each through real WebSockets on two realtimekit nodes in cluster
 * mode (in this JVM) on a real redis-server: a socket that misses a kept event live and then
 * receives a later one (its client would recover after the later one and never get the first), and
 * a chat message acknowledged during a stream-store outage although it was not kept.
 */
class ContinuityFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final byte[] secret =
      UUID.randomUUID().toString().repeat(2).getBytes(StandardCharsets.US_ASCII);
  private final HmacTokenIssuer issuer = new HmacTokenIssuer(secret);
  private final CompanyId company = CompanyId.of(UUID.randomUUID());
  private final List<AutoCloseable> open = new ArrayList<>();
  private RedisProcess redis;
  private NioWsClient client;
  private Node a;
  private Node b;

  @BeforeEach
  void start() throws Exception {
    redis = RedisProcess.start(dir.resolve("redis.log"));
    client = new NioWsClient(1);
    a = new Node("a");
    b = new Node("b");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    client.close();
    redis.close();
  }

  /**
   * Node a's cache ({@code knownUserTtl}) still places the receiver on a alone when it opens a
   * second socket on b: the next message reaches only the first socket live. The second socket must
   * still get it, before the later message that b delivers (else its client, keeping the highest
   * offset, recovers after that one and never gets the first).
   */
  @Test
  void aSocketThatMissedAKeptEventLiveGetsItBeforeTheNextOneInOrder() throws Exception {
    Client s = connect(a, "s", null);
    Client r1 = connect(a, "r", null);
    Client t = connect(b, "t", null);
    assertThat(s.chat("r", "m0").path("ok").asBoolean()).isTrue(); // a caches r: on node a
    r1.awaitChat("m0");
    Client r2 = connect(b, "r", null); // a second socket of r, on b
    assertThat(s.chat("r", "m1").path("ok").asBoolean()).isTrue();
    assertThat(t.chat("r", "m2").path("ok").asBoolean()).isTrue();
    r2.awaitChat("m2");
    r1.awaitChat("m2");
    await().atMost(WAIT).until(() -> r2.chats().contains("m1"));
    assertThat(r2.chats()).as("in offset order, each once").containsExactly("m1", "m2");
    assertThat(r2.offsets()).isSorted().doesNotHaveDuplicates();
    assertThat(r1.chats()).containsExactly("m0", "m1", "m2");
  }

  /**
   * Redis paused (SIGSTOP): a message to a receiver on the sender's own node cannot be appended to
   * the receiver's stream. It must not be acknowledged: whatever is acknowledged is recovered by a
   * socket that reconnects with the position it had before the outage.
   */
  @Test
  void aMessageThatCouldNotBeKeptIsNotAcknowledged() throws Exception {
    Client s = connect(a, "s", null);
    Client r = connect(a, "r", null);
    assertThat(s.chat("r", "before").path("ok").asBoolean()).isTrue();
    r.awaitChat("before");
    JsonNode position = r.position();

    JsonNode during;
    redis.signal("STOP");
    try {
      during = s.chat("r", "during");
    } finally {
      redis.signal("CONT");
    }
    assertThat(during.path("ok").asBoolean()).as("%s", during).isFalse();
    assertThat(during.path("error").path("code").asText()).isEqualTo("UNAVAILABLE");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> s.chat("r", "after").path("ok").asBoolean());

    // another socket of r (another tab, or r's after its socket dropped) from the old position
    Client again = connect(b, "r", position);
    assertThat(again.connected().path("recovered").asBoolean()).isTrue();
    List<String> acknowledged = new ArrayList<>(s.acknowledged);
    acknowledged.remove("before");
    await().atMost(WAIT).until(() -> again.chats().containsAll(acknowledged));
    // "during" may be there: its append timed out on the node, and Redis ran it once resumed (a
    // refusal on a timeout means "maybe kept"; an acknowledgement always means "kept")
    assertThat(again.chats()).doesNotHaveDuplicates();
  }

  /**
   * A reconnect that starts while Redis is paused and ends after it resumed: the handshake's first
   * read of the stream times out, {@code ConnectUser} then succeeds. The client must still get what
   * it missed, not {@code recovered:false} followed by live events (its next recovery would start
   * after those and skip what it missed).
   */
  @Test
  void aReconnectThatStraddlesTheEndOfAnOutageStillRecovers() throws Exception {
    Client s = connect(a, "s", null);
    Client r = connect(a, "r", null);
    assertThat(s.chat("r", "seen").path("ok").asBoolean()).isTrue();
    r.awaitChat("seen");
    JsonNode position = r.position();
    r.ws.close();
    await().atMost(WAIT).until(() -> s.chat("r", "missed").path("ok").asBoolean());

    Client again = new Client("r");
    again.ws = client.connect(b.ws(), again).get(10, TimeUnit.SECONDS);
    redis.signal("STOP");
    try {
      again.ws.send(connectFrame("r", position));
      Thread.sleep(2500); // past the command timeout (2 s) of the handshake's first read
    } finally {
      redis.signal("CONT");
    }
    await().atMost(WAIT).until(() -> again.connected() != null);
    assertThat(again.connected().path("recovered").asBoolean())
        .as("%s", again.connected())
        .isTrue();
    assertThat(again.chats()).containsExactly("missed");
  }

  private String connectFrame(String user, JsonNode recover) {
    String token =
        issuer.issue(UserId.of(user), company, Set.of(Role.COMMERCIAL), Duration.ofHours(1));
    var f = JSON.createObjectNode().put("type", "connect").put("token", token);
    if (recover != null) {
      f.set("recover", recover);
    }
    return f.toString();
  }

  private Client connect(Node node, String user, JsonNode recover) throws Exception {
    Client c = new Client(user);
    Ws ws = client.connect(node.ws(), c).get(10, TimeUnit.SECONDS);
    c.ws = ws;
    ws.send(connectFrame(user, recover));
    await().atMost(WAIT).until(() -> c.connected() != null);
    return c;
  }

  /** One realtimekit node in cluster mode, in this JVM, on the test's redis-server. */
  private final class Node {
    final RealtimeServer server;

    Node(String id) throws Exception {
      RedisClusterEngine cluster =
          RedisClusterEngine.builder().redisUri(redis.uri()).nodeId(NodeId.of(id)).build();
      Realtime realtime =
          cluster
              .configure(Realtime.builder().tokenVerifier(JwtTokenVerifier.hmac(secret).build()))
              .build();
      cluster.start(realtime);
      realtime.start();
      open.add(cluster);
      server = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
      open.add(server);
    }

    URI ws() {
      return URI.create("ws://127.0.0.1:" + server.port() + "/realtime");
    }
  }

  /** A native-protocol client keeping every frame. */
  private static final class Client implements Ws.Handler {
    final String user;
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final AtomicLong ids = new AtomicLong();
    volatile Ws ws;

    Client(String user) {
      this.user = user;
    }

    @Override
    public void onText(Ws socket, String text) {
      try {
        frames.add(JSON.readTree(text));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    JsonNode connected() {
      return frames.stream()
          .filter(f -> "connected".equals(f.path("type").asText()))
          .map(f -> f.path("data"))
          .findFirst()
          .orElse(null);
    }

    /** Sends a chat message and returns its reply (up to 15 s). */
    JsonNode chat(String to, String text) {
      long id = ids.incrementAndGet();
      ws.send(
          "{\"event\":\"chat:message\",\"id\":"
              + id
              + ",\"data\":{\"to\":\""
              + to
              + "\",\"message\":\""
              + text
              + "\"}}");
      JsonNode r = await().atMost(WAIT).until(() -> reply(id), x -> x != null);
      if (r.path("ok").asBoolean()) {
        acknowledged.add(text);
      }
      return r;
    }

    private JsonNode reply(long id) {
      return frames.stream()
          .filter(f -> f.has("reply") && f.path("reply").asLong() == id)
          .findFirst()
          .orElse(null);
    }

    /** Texts of the chat messages this socket sent and had acknowledged. */
    final List<String> acknowledged = new CopyOnWriteArrayList<>();

    List<String> chats() {
      return frames.stream()
          .filter(f -> "chat:message".equals(f.path("event").asText()))
          .map(f -> f.path("data").path("message").asText())
          .toList();
    }

    List<Long> offsets() {
      return frames.stream()
          .filter(f -> f.has("event") && f.has("offset"))
          .map(f -> f.path("offset").asLong())
          .toList();
    }

    void awaitChat(String text) {
      await().atMost(WAIT).until(() -> chats().contains(text));
    }

    /** The highest position received: {@code {"epoch":..,"offset":..}}. */
    JsonNode position() {
      long offset = connected().path("offset").asLong();
      for (long o : offsets()) {
        offset = Math.max(offset, o);
      }
      return JSON.createObjectNode()
          .put("epoch", connected().path("epoch").asText())
          .put("offset", offset);
    }
  }
}
