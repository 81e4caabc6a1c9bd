package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.InMemoryConnection;
import io.realtimekit.transport.socketio.PollRequest;
import io.realtimekit.transport.socketio.PollResponse;
import io.realtimekit.transport.socketio.SocketIoTransport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Engine.IO long-polling without sticky sessions: a session opened on node a is served through node
 * b (its requests forwarded through Redis to a, the answers relayed back), a forwarded request from
 * another client's address is refused as a local one is, and a sid of no live node is answered at
 * once as unknown.
 */
@Timeout(60)
class PollForwardingTest {
  static RedisServerProcess redis;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CLIENT = "127.0.0.5:41000";
  static final String OTHER_CLIENT = "127.0.0.9:41000";
  // generous: a loaded machine must not make Redis commands or leases lapse
  static final Duration LEASE = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final CompanyId company = CompanyId.of(UUID.randomUUID());
  ClusterNode a;
  ClusterNode b;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.startNew();
  }

  @AfterAll
  static void stopRedis() {
    redis.stop();
  }

  @BeforeEach
  void startNodes() {
    String prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + ":";
    a = new ClusterNode(redis.uri(), "a", prefix, LEASE, Duration.ZERO, null, TIMEOUT);
    b = new ClusterNode(redis.uri(), "b", prefix, LEASE, Duration.ZERO, null, TIMEOUT);
  }

  @AfterEach
  void stopNodes() {
    for (ClusterNode n : new ClusterNode[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void aSessionOfNodeAIsServedThroughNodeB() throws Exception {
    SocketIoTransport viaB = b.realtime.socketIoTransport();
    String sid = open(a.realtime.socketIoTransport());
    assertThat(sid).startsWith("a~");
    assertThat(a.realtime.socketIoTransport().openConnections()).isOne();
    assertThat(viaB.openConnections()).isZero();

    String token = token("sio-user");
    assertThat(call(viaB, sid, CLIENT, "40{\"token\":\"" + token + "\"}").body()).isEqualTo("ok");
    assertThat(pollUntil(viaB, sid, "40{")).contains("\"sid\"");

    // a native client on b chats with the Socket.IO client of a, both ways, through b's polls
    InMemoryConnection nativeUser = b.connect("native-user", company, Role.COMMERCIAL);
    ClusterTest.send(nativeUser, "sio-user", "to the poller");
    assertThat(pollUntil(viaB, sid, "42[\"chat:message\"")).contains("to the poller");
    String post = "421[\"chat:message\",{\"to\":\"native-user\",\"message\":\"back\"}]";
    assertThat(call(viaB, sid, CLIENT, post).body()).isEqualTo("ok");
    assertThat(pollUntil(viaB, sid, "431[")).contains("\"ok\":true");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> nativeUser.events("chat:message").size() == 1);
    assertThat(nativeUser.events("chat:message").get(0).get("message").asText()).isEqualTo("back");
    assertThat(viaB.openConnections()).isZero(); // still held by a alone
  }

  @Test
  void aForwardedRequestFromAnotherClientIsRefusedAsALocalOneIs() throws Exception {
    SocketIoTransport viaA = a.realtime.socketIoTransport();
    SocketIoTransport viaB = b.realtime.socketIoTransport();
    String sid = open(viaA);
    PollResponse local = call(viaA, sid, OTHER_CLIENT, null);
    PollResponse forwarded = call(viaB, sid, OTHER_CLIENT, null);
    PollResponse forwardedPost = call(viaB, sid, OTHER_CLIENT, "40{}");
    for (PollResponse r : List.of(local, forwarded, forwardedPost)) {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("Session ID unknown");
    }
    // the owner is undisturbed: its own client goes on, through either node
    String token = token("owner-user");
    assertThat(call(viaB, sid, CLIENT, "40{\"token\":\"" + token + "\"}").body()).isEqualTo("ok");
    assertThat(pollUntil(viaA, sid, "40{")).contains("\"sid\"");
  }

  @Test
  void aBodyOverTheLimitIsRefusedByTheOwnerAsLocally() throws Exception {
    SocketIoTransport viaB = b.realtime.socketIoTransport();
    String sid = open(a.realtime.socketIoTransport());
    String big = "4" + "x".repeat(viaB.maxPayload() + 10);
    PollResponse r = call(viaB, sid, CLIENT, big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(call(viaB, sid, CLIENT, null).body()).isEqualTo("1"); // the session is closed
  }

  @Test
  void aSidOfNoLiveNodeIsUnknownAtOnce() throws Exception {
    SocketIoTransport viaB = b.realtime.socketIoTransport();
    for (String sid : List.of("gone~AAAAAAAAAAAAAAAAAAAA", "b~AAAAAAAAAAAAAAAAAAAA", "untagged")) {
      PollResponse r = call(viaB, sid, CLIENT, null);
      assertThat(r.status()).as(sid).isEqualTo(400);
      assertThat(r.body()).as(sid).contains("Session ID unknown");
    }
  }

  private String token(String user) {
    return ClusterNode.ISSUER.issue(
        UserId.of(user), company, Set.of(Role.VISITOR), Duration.ofHours(1), Map.of());
  }

  /** The polling handshake from {@link #CLIENT}: the sid. */
  private static String open(SocketIoTransport node) throws Exception {
    PollResponse r = call(node, null, CLIENT, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode open = JSON.readTree(r.body().substring(1));
    return open.get("sid").asText();
  }

  /** Polls (bounded) until an answer holds {@code wanted}; returns that answer. */
  private static String pollUntil(SocketIoTransport node, String sid, String wanted)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      PollResponse r = call(node, sid, CLIENT, null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      if (r.body().contains(wanted)) {
        return r.body();
      }
    }
    throw new AssertionError("no poll answered " + wanted);
  }

  /** A GET ({@code body} null) or a POST, answered within 15 s. */
  private static PollResponse call(SocketIoTransport node, String sid, String from, String body)
      throws Exception {
    Map<String, List<String>> query = new HashMap<>();
    query.put("EIO", List.of("4"));
    query.put("transport", List.of("polling"));
    if (sid != null) {
      query.put("sid", List.of(sid));
    }
    CompletableFuture<PollResponse> answer = new CompletableFuture<>();
    node.handle(
        new PollRequest(body != null, query, Map.of(), from, body == null ? "" : body),
        answer::complete);
    return answer.get(15, TimeUnit.SECONDS);
  }
}
