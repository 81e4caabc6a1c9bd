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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations on three nodes sharing one redis-server: participants on different nodes get every
 * message exactly once (the sender's tab on another node too), the observer may not send, a removed
 * participant stops receiving at once, another company gets nothing, a message costs one PUBLISH
 * per other node holding participants, and assignment on one node moves the agent (leave, then
 * join) for participants on the others.
 */
class ClusterConversationTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  /** Redis command (and connection) timeout of the nodes: generous, the machine is shared. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  static RedisServerProcess redis;
  static final AtomicLong ids = new AtomicLong();

  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  ClusterNode n1;
  ClusterNode n2;
  ClusterNode n3;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.startNew();
  }

  @AfterAll
  static void stopRedis() {
    redis.stop();
  }

  /** Where the nodes find Redis: a subclass runs the same tests on a Redis Cluster. */
  String redisUri() {
    return redis.uri();
  }

  /** How many publishes Redis has run. */
  long publishCalls() {
    return redis.publishCalls();
  }

  @BeforeEach
  void startNodes() {
    String prefix = "cv" + UUID.randomUUID().toString().substring(0, 8) + ":";
    n1 =
        new ClusterNode(
            redisUri(), "n1", prefix, Duration.ofSeconds(2), Duration.ofMillis(600), null, TIMEOUT);
    n2 =
        new ClusterNode(
            redisUri(), "n2", prefix, Duration.ofSeconds(2), Duration.ofMillis(600), null, TIMEOUT);
    n3 =
        new ClusterNode(
            redisUri(), "n3", prefix, Duration.ofSeconds(2), Duration.ofMillis(600), null, TIMEOUT);
  }

  @AfterEach
  void stopNodes() {
    for (ClusterNode n : new ClusterNode[] {n1, n2, n3}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static JsonNode request(InMemoryConnection c, String event, String dataJson) {
    long id = ids.incrementAndGet();
    c.receive("{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"id\":" + id + "}");
    await().atMost(WAIT).until(() -> c.reply(id).isPresent());
    return c.reply(id).orElseThrow();
  }

  static JsonNode say(InMemoryConnection c, Conversation conversation, String text) {
    return request(
        c,
        "conversation:message",
        "{\"conversationId\":\"" + conversation.id().value() + "\",\"message\":\"" + text + "\"}");
  }

  /**
   * A barrier published from node {@code via}: once it arrives, what that node published before it
   * has arrived.
   */
  static void drain(ClusterNode via, CompanyId company, String user, InMemoryConnection c) {
    String mark = "mark-" + UUID.randomUUID();
    via.realtime.notifyUser(company, UserId.of(user), "test:mark", Map.of("mark", mark));
    await()
        .atMost(WAIT)
        .until(
            () ->
                c.events("test:mark").stream().anyMatch(m -> m.get("mark").asText().equals(mark)));
  }

  static long copies(InMemoryConnection c, String messageId) {
    return c.events("conversation:message").stream()
        .filter(m -> m.get("id").asText().equals(messageId))
        .count();
  }

  static List<Participant> four() {
    return List.of(
        new Participant(UserId.of("v"), ParticipantRole.VISITOR),
        new Participant(UserId.of("a1"), ParticipantRole.AGENT),
        new Participant(UserId.of("a2"), ParticipantRole.AGENT),
        new Participant(UserId.of("o"), ParticipantRole.OBSERVER));
  }

  @Test
  void participantsOnThreeNodesGetEveryMessageExactlyOnce() {
    InMemoryConnection v = n1.connect("v", a, Role.VISITOR);
    InMemoryConnection vTab = n2.connect("v", a, Role.VISITOR);
    InMemoryConnection a1 = n2.connect("a1", a, Role.COMMERCIAL);
    InMemoryConnection a2 = n3.connect("a2", a, Role.COMMERCIAL);
    InMemoryConnection o = n3.connect("o", a, Role.ADMIN);
    InMemoryConnection otherCompany1 = n1.connect("cb1", b, Role.COMMERCIAL);
    InMemoryConnection otherCompany3 = n3.connect("cb3", b, Role.COMMERCIAL);
    // company B's own presence announcements cross nodes too: let them land before counting
    drain(n2, b, "cb1", otherCompany1);
    drain(n2, b, "cb3", otherCompany3);
    int otherFramesBefore = otherCompany1.sent().size() + otherCompany3.sent().size();
    List<InMemoryConnection> all = List.of(v, vTab, a1, a2, o);

    Conversation c = n3.realtime.openConversation(a, four()).value();
    for (InMemoryConnection s : all) {
      await().atMost(WAIT).until(() -> s.events("conversation:join").size() == 4);
    }
    // any node sees the conversation (the repository is shared)
    assertThat(n2.realtime.conversations(a, UserId.of("a2")))
        .singleElement()
        .satisfies(x -> assertThat(x.id()).isEqualTo(c.id()));

    JsonNode sent = say(v, c, "hello from node one");
    assertThat(sent.get("ok").asBoolean()).as("%s", sent).isTrue();
    String id = sent.get("data").get("id").asText();
    JsonNode refused = say(o, c, "observer");
    assertThat(refused.get("error").get("code").asText()).isEqualTo("FORBIDDEN");
    for (InMemoryConnection s : all) {
      await().atMost(WAIT).until(() -> copies(s, id) == 1);
    }
    drain(n1, a, "v", v);
    drain(n1, a, "a1", a1);
    drain(n1, a, "a2", a2);
    drain(n1, a, "o", o);
    for (InMemoryConnection s : all) {
      assertThat(copies(s, id)).isEqualTo(1);
      assertThat(s.events("conversation:message")).hasSize(1);
    }

    // read state and typing from node three reach node one
    assertThat(
            request(
                    a2,
                    "conversation:read",
                    "{\"conversationId\":\"" + c.id().value() + "\",\"upTo\":\"" + id + "\"}")
                .get("ok")
                .asBoolean())
        .isTrue();
    await().atMost(WAIT).until(() -> v.events("conversation:read").size() == 1);
    assertThat(v.events("conversation:read").get(0).get("by").asText()).isEqualTo("a2");
    a1.receive(
        "{\"event\":\"conversation:typing\",\"data\":{\"conversationId\":\""
            + c.id().value()
            + "\",\"typing\":true}}");
    await().atMost(WAIT).until(() -> v.events("conversation:typing").size() == 1);

    drain(n1, b, "cb1", otherCompany1);
    drain(n1, b, "cb3", otherCompany3);
    assertThat(otherCompany1.sent().size() + otherCompany3.sent().size())
        .isEqualTo(otherFramesBefore + 2);
  }

  @Test
  void aParticipantRemovedOnAnotherNodeStopsReceivingAtOnce() {
    InMemoryConnection v = n1.connect("v", a, Role.VISITOR);
    InMemoryConnection a1 = n2.connect("a1", a, Role.COMMERCIAL);
    InMemoryConnection a2 = n3.connect("a2", a, Role.COMMERCIAL);
    Conversation c = n1.realtime.openConversation(a, four()).value();
    await().atMost(WAIT).until(() -> a2.events("conversation:join").size() == 4);

    assertThat(n2.realtime.removeParticipant(a, c.id(), UserId.of("a2")).isOk()).isTrue();
    await().atMost(WAIT).until(() -> a2.events("conversation:leave").size() == 1);
    assertThat(a2.events("conversation:leave").get(0).get("userId").asText()).isEqualTo("a2");

    String id = say(v, c, "after").get("data").get("id").asText();
    await().atMost(WAIT).until(() -> copies(a1, id) == 1);
    drain(n1, a, "a2", a2);
    assertThat(a2.events("conversation:message")).isEmpty();
    assertThat(say(a2, c, "me too").get("error").get("code").asText()).isEqualTo("FORBIDDEN");
  }

  @Test
  void withoutRecoveryAMessageCostsOnePublishPerOtherNodeHoldingParticipantsNotOnePerParticipant() {
    String prefix = "cvp" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (ClusterNode m1 = quietNode(prefix, "q1");
        ClusterNode m2 = quietNode(prefix, "q2");
        ClusterNode m3 = quietNode(prefix, "q3")) {
      // the sender's node delivers its ten locally and publishes once to each of the two others
      assertThat(publishesForOneMessage(new ClusterNode[] {m1, m2, m3}, false)).isEqualTo(2);
    }
  }

  @Test
  void withRecoveryTooAMessageCostsOnePublishPerOtherNodeHoldingParticipants() {
    // kept in the thirty streams by one script, then one publish per other node carrying each
    // recipient's own offset (see BENCHMARKS.md, conversation fan-out)
    assertThat(publishesForOneMessage(new ClusterNode[] {n1, n2, n3}, true)).isEqualTo(2);
  }

  private ClusterNode quietNode(String prefix, String id) {
    return new ClusterNode(
        redisUri(),
        id,
        prefix,
        Duration.ofSeconds(2),
        Duration.ofMillis(600),
        null,
        TIMEOUT,
        b -> b.recovery(false));
  }

  /**
   * Thirty participants over three nodes, one message from the first: the PUBLISH calls it cost.
   */
  private long publishesForOneMessage(ClusterNode[] nodes, boolean kept) {
    List<Participant> participants = new ArrayList<>();
    List<InMemoryConnection> sockets = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String user = "p" + i;
      sockets.add(nodes[i % 3].connect(user, a, i == 0 ? Role.VISITOR : Role.COMMERCIAL));
      participants.add(
          new Participant(
              UserId.of(user), i == 0 ? ParticipantRole.VISITOR : ParticipantRole.AGENT));
    }
    Conversation c = nodes[0].realtime.openConversation(a, participants).value();
    for (InMemoryConnection s : sockets) {
      await().atMost(WAIT).until(() -> s.events("conversation:join").size() == 30);
    }
    // p1 (node two) and p2 (node three) have more in their streams than the others: two and one
    // notifications, so their copies of the message carry other offsets than the rest
    for (int i = 1; i <= 3; i++) {
      String user = i == 3 ? "p2" : "p1";
      nodes[0].realtime.notifyUser(a, UserId.of(user), "test:extra", Map.of("i", i));
    }
    await().atMost(WAIT).until(() -> sockets.get(1).events("test:extra").size() == 2);
    await().atMost(WAIT).until(() -> sockets.get(2).events("test:extra").size() == 1);

    long before = publishCalls();
    String id =
        say(sockets.get(0), c, "to thirty people on three nodes").get("data").get("id").asText();
    long after = publishCalls();
    for (InMemoryConnection s : sockets) {
      await().atMost(WAIT).until(() -> copies(s, id) == 1);
    }
    for (int i = 0; i < sockets.size(); i++) {
      // each copy carries the next offset of its receiver's own stream (none without recovery)
      long earlier = -1;
      long offset = -1;
      for (JsonNode f : sockets.get(i).frames()) {
        if (f.path("event").asText().equals("conversation:message")) {
          offset = f.path("offset").asLong(-1);
        } else if (f.has("event") && f.has("offset")) {
          earlier = Math.max(earlier, f.get("offset").asLong());
        }
      }
      long expected = !kept ? -1 : i == 1 ? 33 : i == 2 ? 32 : 31;
      assertThat(earlier)
          .as("p%d's last offset before the message", i)
          .isEqualTo(kept ? expected - 1 : -1);
      assertThat(offset).as("p%d's copy's offset", i).isEqualTo(expected);
    }
    return after - before;
  }

  @Test
  void assignmentOnOneNodeMovesTheAgentForParticipantsOnOthers() {
    String prefix = "cva" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (ClusterNode m1 =
            new ClusterNode(
                redisUri(),
                "m1",
                prefix,
                Duration.ofSeconds(2),
                Duration.ofMillis(600),
                io.realtimekit.domain.assignment.AssignmentPolicies.leastLoaded(),
                TIMEOUT);
        ClusterNode m2 =
            new ClusterNode(
                redisUri(),
                "m2",
                prefix,
                Duration.ofSeconds(2),
                Duration.ofMillis(600),
                io.realtimekit.domain.assignment.AssignmentPolicies.leastLoaded(),
                TIMEOUT);
        ClusterNode m3 =
            new ClusterNode(
                redisUri(),
                "m3",
                prefix,
                Duration.ofSeconds(2),
                Duration.ofMillis(600),
                io.realtimekit.domain.assignment.AssignmentPolicies.leastLoaded(),
                TIMEOUT)) {
      InMemoryConnection c1 = m1.connect("c1", a, Role.COMMERCIAL);
      InMemoryConnection v = m2.connect("v", a, Role.VISITOR);
      await().atMost(WAIT).until(() -> v.events("conversation:join").size() == 2);
      await().atMost(WAIT).until(() -> c1.events("conversation:join").size() == 2);
      assertThat(v.events("conversation:join"))
          .extracting(j -> j.get("userId").asText() + "/" + j.get("role").asText())
          .containsExactly("v/visitor", "c1/agent");

      InMemoryConnection c2 = m3.connect("c2", a, Role.COMMERCIAL);
      assertThat(m3.realtime.assignVisitor(a, UserId.of("v"), UserId.of("c2")).isOk()).isTrue();
      await().atMost(WAIT).until(() -> v.events("conversation:join").size() == 3);
      assertThat(v.events("conversation:leave"))
          .extracting(j -> j.get("userId").asText())
          .containsExactly("c1");
      List<String> order =
          v.frames().stream()
              .map(f -> f.path("event").asText())
              .filter(e -> e.startsWith("conversation:"))
              .toList();
      assertThat(order)
          .containsExactly(
              "conversation:join", "conversation:join", "conversation:leave", "conversation:join");
      await().atMost(WAIT).until(() -> c1.events("conversation:leave").size() == 1);
      await().atMost(WAIT).until(() -> c2.events("conversation:join").size() == 1);
      assertThat(c2.events("conversation:join").get(0).get("userId").asText()).isEqualTo("c2");

      String conversationId = v.events("conversation:join").get(0).get("conversationId").asText();
      JsonNode sent =
          request(
              v,
              "conversation:message",
              "{\"conversationId\":\"" + conversationId + "\",\"message\":\"still there?\"}");
      assertThat(sent.get("ok").asBoolean()).as("%s", sent).isTrue();
      await().atMost(WAIT).until(() -> c2.events("conversation:message").size() == 1);
      drain(m2, a, "c1", c1);
      assertThat(c1.events("conversation:message")).isEmpty();
    }
  }
}
