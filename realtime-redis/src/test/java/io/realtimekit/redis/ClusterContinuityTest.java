package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Message continuity across two nodes and one real redis-server: the stream is shared, so a
 * receiver that reconnects to the other node recovers there; a Redis restart without persistence
 * changes the epoch, so a client is told {@code recovered: false}, never given a silent gap.
 */
class ClusterContinuityTest {
  static RedisServerProcess redis;
  final CompanyId company = CompanyId.of(UUID.randomUUID());
  ClusterNode n1;
  ClusterNode n2;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.startNew();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.stop();
    }
  }

  /** Where the nodes find Redis: a subclass runs the same tests on a Redis Cluster. */
  String redisUri() {
    return redis.uri();
  }

  /** Redis loses every key, as a restart without persistence. */
  void loseAllData() {
    redis.stop();
    redis.start();
  }

  @BeforeEach
  void startNodes() {
    String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + ":";
    // the sender fires 500 messages at once: above the default rate limit. The nodes connect with
    // a 500 ms timeout, which a loaded machine can miss right after the restart test: retried
    n1 =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    new ClusterNode(
                        redisUri(),
                        "node-1",
                        prefix,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        null,
                        b -> b.eventsPerSecond(5_000).eventBurst(5_000)),
                n -> n != null);
    n2 =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    new ClusterNode(
                        redisUri(),
                        "node-2",
                        prefix,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        null,
                        b -> b.eventsPerSecond(5_000).eventBurst(5_000)),
                n -> n != null);
  }

  @AfterEach
  void stopNodes() {
    if (n1 != null) {
      n1.close();
    }
    if (n2 != null) {
      n2.close();
    }
  }

  String token(String user, Role role) {
    return ClusterNode.ISSUER.issue(
        UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of());
  }

  InMemoryConnection recover(ClusterNode node, String user, Role role, String epoch, long offset) {
    InMemoryConnection c = InMemoryConnection.open(node.realtime.transport());
    c.receive(
        "{\"type\":\"connect\",\"token\":\""
            + token(user, role)
            + "\",\"recover\":{\"epoch\":\""
            + epoch
            + "\",\"offset\":"
            + offset
            + "}}");
    await().atMost(Duration.ofSeconds(10)).until(() -> connected(c) != null);
    return c;
  }

  static JsonNode connected(InMemoryConnection c) {
    return c.frames().stream()
        .filter(f -> "connected".equals(f.path("type").asText()))
        .findFirst()
        .map(f -> f.get("data"))
        .orElse(null);
  }

  /** The highest kept offset this socket received, or its connected offset. */
  static long lastOffset(InMemoryConnection c) {
    long last = connected(c).path("offset").asLong();
    for (JsonNode f : c.frames()) {
      if (f.has("event") && f.has("offset")) {
        last = Math.max(last, f.get("offset").asLong());
      }
    }
    return last;
  }

  /** {@code n} distinct counts in [1, total), ascending. */
  static List<Integer> cuts(Random random, int n, int total) {
    java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
    while (cuts.size() < n) {
      cuts.add(1 + random.nextInt(total - 1));
    }
    return List.copyOf(cuts);
  }

  static List<JsonNode> messages(InMemoryConnection c) {
    return c.events("chat:message");
  }

  @Test
  @Timeout(180)
  void fiveHundredMessagesToAReceiverMovingBetweenNodesArriveExactlyOnceInOrder() throws Exception {
    Random random = new Random(Long.getLong("continuity.seed", System.nanoTime()));
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    InMemoryConnection receiver = n2.connect("v1", company, Role.VISITOR);
    String epoch = connected(receiver).path("epoch").asText();
    int total = 500;

    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 1; i <= total; i++) {
                sender.receive(
                    "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\""
                        + (i - 1)
                        + "\"},\"id\":"
                        + i
                        + "}");
              }
            });

    List<String> received = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int reconnects = 0;
    int otherNode = 0;
    ClusterNode current = n2;
    // 12 random moments, as counts of messages received: the receiver drops its socket there
    for (int cut : cuts(random, 12, total)) {
      InMemoryConnection r = receiver;
      int base = received.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> base + messages(r).size() >= cut);
      r.drop();
      for (JsonNode m : messages(r)) {
        received.add(m.path("message").asText());
        ids.add(m.path("id").asText());
      }
      ClusterNode next = random.nextBoolean() ? n1 : n2;
      if (next != current) {
        otherNode++;
      }
      current = next;
      receiver = recover(next, "v1", Role.VISITOR, epoch, lastOffset(r));
      JsonNode c = connected(receiver);
      assertThat(c.path("recovered").asBoolean()).as("reconnect %d: %s", reconnects, c).isTrue();
      assertThat(c.path("epoch").asText()).isEqualTo(epoch);
      reconnects++;
    }
    InMemoryConnection last = receiver;
    int base = received.size();
    await().atMost(Duration.ofSeconds(30)).until(() -> base + messages(last).size() >= total);
    sending.get(60, TimeUnit.SECONDS);
    for (JsonNode m : messages(receiver)) {
      received.add(m.path("message").asText());
      ids.add(m.path("id").asText());
    }

    assertThat(reconnects).isGreaterThanOrEqualTo(10);
    assertThat(otherNode).as("reconnects to the other node").isPositive();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(received).as("messages in order, each once").containsExactlyElementsOf(expected);
    List<String> acknowledged = new ArrayList<>();
    for (int i = 1; i <= total; i++) {
      JsonNode reply = sender.reply(i).orElseThrow(() -> new AssertionError("no reply"));
      assertThat(reply.path("ok").asBoolean()).as("%s", reply).isTrue();
      acknowledged.add(reply.path("data").path("id").asText());
    }
    assertThat(ids)
        .as("every acknowledged message arrived")
        .containsExactlyElementsOf(acknowledged);
  }

  static JsonNode ask(InMemoryConnection c, long id, String event, String dataJson) {
    c.receive("{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"id\":" + id + "}");
    await().atMost(Duration.ofSeconds(10)).until(() -> c.reply(id).isPresent());
    return c.reply(id).orElseThrow();
  }

  /** The offsets of the conversation messages this socket received. */
  static List<Long> messageOffsets(InMemoryConnection c) {
    List<Long> out = new ArrayList<>();
    for (JsonNode f : c.frames()) {
      if ("conversation:message".equals(f.path("event").asText())) {
        out.add(f.path("offset").asLong(-1));
      }
    }
    return out;
  }

  @Test
  @Timeout(60)
  void aParticipantWhoReconnectsRecoversConversationMessagesKeptForAllParticipantsAtOnce() {
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    InMemoryConnection visitor = n2.connect("v1", company, Role.VISITOR);
    InMemoryConnection agent = n2.connect("c2", company, Role.COMMERCIAL);
    String epoch = connected(visitor).path("epoch").asText();
    // c2's stream holds one more event than the visitor's: their copies carry other offsets
    n1.realtime.notifyUser(company, UserId.of("c2"), "test:extra", Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.events("test:extra").size() == 1);
    Conversation c =
        n1.realtime
            .openConversation(
                company,
                List.of(
                    new Participant(UserId.of("v1"), ParticipantRole.VISITOR),
                    new Participant(UserId.of("c1"), ParticipantRole.AGENT),
                    new Participant(UserId.of("c2"), ParticipantRole.AGENT)))
            .value();
    String conversation = "{\"conversationId\":\"" + c.id().value() + "\",\"message\":\"";
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> visitor.events("conversation:join").size() == 3);
    assertThat(
            ask(sender, 1, "conversation:message", conversation + "live\"}").path("ok").asBoolean())
        .isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messages(visitor, "conversation:message") == 1);
    long seen = lastOffset(visitor);
    assertThat(messageOffsets(visitor)).containsExactly(seen);

    visitor.drop();
    List<String> ids = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      JsonNode reply = ask(sender, i, "conversation:message", conversation + "m" + i + "\"}");
      assertThat(reply.path("ok").asBoolean()).as("%s", reply).isTrue();
      ids.add(reply.path("data").path("id").asText());
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messages(agent, "conversation:message") == 4);
    // the agent on the visitor's former node got them live, at its own stream's offsets (one
    // more than the visitor's: its extra event)
    assertThat(messageOffsets(agent)).containsExactly(seen + 1, seen + 2, seen + 3, seen + 4);

    InMemoryConnection back = recover(n1, "v1", Role.VISITOR, epoch, seen);
    JsonNode again = connected(back);
    assertThat(again.path("recovered").asBoolean()).as("%s", again).isTrue();
    assertThat(back.events("conversation:message"))
        .extracting(m -> m.path("id").asText())
        .containsExactlyElementsOf(ids);
    assertThat(messageOffsets(back)).containsExactly(seen + 1, seen + 2, seen + 3);
    assertThat(back.events("conversation:message"))
        .extracting(m -> m.path("message").asText())
        .containsExactly("m2", "m3", "m4");
  }

  static int messages(InMemoryConnection c, String event) {
    return c.events(event).size();
  }

  @Test
  void aRedisRestartWithoutPersistenceChangesTheEpoch() {
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    InMemoryConnection receiver = n2.connect("v1", company, Role.VISITOR);
    String epoch = connected(receiver).path("epoch").asText();
    sender.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"hi\"},\"id\":1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(receiver).size() == 1);
    long offset = lastOffset(receiver);

    loseAllData();
    // the nodes write their users back by themselves; then a message is kept in a new epoch and
    // delivered live (its frame carries only the offset: the client cannot tell the epoch changed)
    AtomicLong id = new AtomicLong(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              long n = id.incrementAndGet();
              sender.receive(
                  "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"after\"},\"id\":"
                      + n
                      + "}");
              await().atMost(Duration.ofSeconds(3)).until(() -> sender.reply(n).isPresent());
              return sender.reply(n).get().path("ok").asBoolean();
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(receiver).size() == 2);
    receiver.drop();

    InMemoryConnection again =
        recover(n1, "v1", Role.VISITOR, epoch, Math.max(offset, lastOffset(receiver)));
    JsonNode c = connected(again);
    assertThat(c.path("recovered").asBoolean()).as("%s", c).isFalse();
    assertThat(c.path("reason").asText()).isEqualTo("EPOCH_CHANGED");
    assertThat(c.path("epoch").asText()).isNotEqualTo(epoch);
    assertThat(messages(again)).isEmpty();
  }

  // ---- Socket.IO's connection state recovery across nodes
  // ------------------------------------------

  /** A WebSocket-only Socket.IO client socket, in memory. */
  static final class SioSocket implements io.realtimekit.transport.TransportConnection {
    final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.realtimekit.transport.InboundHandler handler;
    volatile boolean closed;

    static SioSocket open(ClusterNode node, String connect) {
      SioSocket s = new SioSocket();
      s.handler = node.realtime.socketIoTransport().accept(s);
      s.handler.onOpen();
      s.handler.onText("4" + connect);
      return s;
    }

    /** The CONNECT answer's data, once it came. */
    JsonNode connectAnswer() throws Exception {
      for (String p : sent) {
        if (p.startsWith("40")) {
          return new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.substring(2));
        }
      }
      return null;
    }

    /** The index of the CONNECT answer among the packets sent. */
    int connectIndex() {
      for (int i = 0; i < sent.size(); i++) {
        if (sent.get(i).startsWith("40")) {
          return i;
        }
      }
      return -1;
    }

    /** The chat messages received, each as (index among the packets, EVENT arguments). */
    List<Map.Entry<Integer, JsonNode>> chat() throws Exception {
      List<Map.Entry<Integer, JsonNode>> out = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        if (sent.get(i).startsWith("42[\"chat:message\"")) {
          out.add(
              Map.entry(
                  i,
                  new com.fasterxml.jackson.databind.ObjectMapper()
                      .readTree(sent.get(i).substring(2))));
        }
      }
      return out;
    }

    /** The network is gone under the client. */
    void drop() {
      if (!closed) {
        closed = true;
        handler.onClose(1006, "network gone");
      }
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1:50123";
    }

    @Override
    public Map<String, List<String>> handshakeHeaders() {
      return Map.of();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
      return Map.of("EIO", List.of("4"), "transport", List.of("websocket"));
    }

    @Override
    public void sendText(String text, io.realtimekit.transport.SendCallback callback) {
      sent.add(text);
      callback.succeeded();
    }

    @Override
    public void close(int code, String reason) {
      drop();
    }
  }

  @Test
  @Timeout(60)
  void aSocketIoClientRecoversOnTheOtherNodeWithThePidOfTheFirst() throws Exception {
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    SioSocket first = SioSocket.open(n1, "0{\"token\":\"" + token("v1", Role.VISITOR) + "\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> first.connectAnswer() != null);
    JsonNode ids = first.connectAnswer();
    assertThat(ids.path("pid").asText()).isNotBlank();
    sender.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"one\"},\"id\":1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> first.chat().size() == 1);
    String offset = first.chat().get(0).getValue().get(2).asText();

    first.drop();
    for (int i = 2; i <= 3; i++) {
      sender.receive(
          "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"m"
              + i
              + "\"},\"id\":"
              + i
              + "}");
      int id = i;
      await().atMost(Duration.ofSeconds(10)).until(() -> sender.reply(id).isPresent());
      assertThat(sender.reply(id).orElseThrow().path("ok").asBoolean()).as("reply %s", id).isTrue();
    }

    SioSocket again =
        SioSocket.open(
            n2,
            "0{\"token\":\""
                + token("v1", Role.VISITOR)
                + "\",\"pid\":\""
                + ids.get("pid").asText()
                + "\",\"offset\":\""
                + offset
                + "\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> again.connectAnswer() != null);
    assertThat(again.connectAnswer()).as("the same sid and pid: recovered").isEqualTo(ids);
    var chat = again.chat();
    assertThat(chat)
        .extracting(e -> e.getValue().get(1).get("message").asText())
        .containsExactly("m2", "m3");
    assertThat(chat)
        .allSatisfy(
            e ->
                assertThat(e.getKey())
                    .as("replayed before CONNECT")
                    .isLessThan(again.connectIndex()));

    // another user's connect with that pid on node 1: a normal connect, nothing of v1's
    SioSocket other =
        SioSocket.open(
            n1,
            "0{\"token\":\""
                + token("v2", Role.VISITOR)
                + "\",\"pid\":\""
                + ids.get("pid").asText()
                + "\",\"offset\":\""
                + offset
                + "\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> other.connectAnswer() != null);
    assertThat(other.connectAnswer().get("pid").asText()).isNotEqualTo(ids.get("pid").asText());
    assertThat(other.connectAnswer().get("sid").asText()).isNotEqualTo(ids.get("sid").asText());
    assertThat(other.chat()).isEmpty();
    again.drop();
    other.drop();
  }
}
