package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.domain.event.ConversationMessageSent;
import io.realtimekit.domain.event.ParticipantAdded;
import io.realtimekit.domain.event.ParticipantRemoved;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations over real WebSockets on Jetty: a visitor (two tabs), two agents and an observer;
 * removal mid-conversation; company isolation by frame count; bad input; membership following
 * assignment (open, transfer, release).
 */
class ConversationScenarioTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  final List<Object> events = new CopyOnWriteArrayList<>();
  TestServer server;
  HmacTokenIssuer issuer;

  void start(Consumer<io.realtimekit.RealtimeBuilder> settings) throws Exception {
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            builder -> settings.accept(builder.gracePeriod(Duration.ofMillis(500))));
    issuer = new HmacTokenIssuer(server.tokens().secret());
    server.realtime().subscribe(ConversationMessageSent.class, events::add);
    server.realtime().subscribe(ParticipantAdded.class, events::add);
    server.realtime().subscribe(ParticipantRemoved.class, events::add);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  RealtimeTestClient connect(String user, CompanyId company, Role role) throws Exception {
    String token =
        issuer.issue(
            UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of("maxChats", 5));
    return server.track(RealtimeTestClient.connect(server.uri(), token, AuthMode.FIRST_FRAME));
  }

  /** How many frames of {@code client} carry the text {@code needle}. */
  static long framesWith(RealtimeTestClient client, String needle) {
    return client.frames().stream().filter(f -> f.contains(needle)).count();
  }

  /**
   * A barrier: once the notification arrives, everything delivered to this socket before it has
   * arrived.
   */
  void drain(CompanyId company, String user, RealtimeTestClient client) {
    String mark = "mark-" + UUID.randomUUID();
    server.realtime().notifyUser(company, UserId.of(user), "test:mark", Map.of("mark", mark));
    while (!client.await("test:mark", WAIT).get("mark").asText().equals(mark)) {
      // an older mark: wait for ours
    }
  }

  Conversation openFour() {
    return server
        .realtime()
        .openConversation(
            a,
            List.of(
                new Participant(UserId.of("v"), ParticipantRole.VISITOR),
                new Participant(UserId.of("a1"), ParticipantRole.AGENT),
                new Participant(UserId.of("a2"), ParticipantRole.AGENT),
                new Participant(UserId.of("o"), ParticipantRole.OBSERVER)))
        .value();
  }

  static Map<String, Object> message(Conversation c, String text) {
    return Map.of("conversationId", c.id().value(), "message", text);
  }

  @Test
  void everyMessageReachesEveryParticipantsSocketExactlyOnceAndTheObserverMayNotSend()
      throws Exception {
    start(b -> {});
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    RealtimeTestClient vTab = connect("v", a, Role.VISITOR);
    RealtimeTestClient a1 = connect("a1", a, Role.COMMERCIAL);
    RealtimeTestClient a2 = connect("a2", a, Role.COMMERCIAL);
    RealtimeTestClient o = connect("o", a, Role.ADMIN);
    List<RealtimeTestClient> all = List.of(v, vTab, a1, a2, o);
    Conversation c = openFour();
    for (RealtimeTestClient client : all) {
      List<String> joined = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JsonNode join = client.await("conversation:join", WAIT);
        assertThat(join.get("conversationId").asText()).isEqualTo(c.id().value());
        joined.add(join.get("userId").asText() + "/" + join.get("role").asText());
      }
      assertThat(joined).containsExactly("v/visitor", "a1/agent", "a2/agent", "o/observer");
    }

    Reply sent = v.request("conversation:message", message(c, "hello from the visitor"));
    assertThat(sent.ok()).as("%s", sent.raw()).isTrue();
    String id = sent.data().get("id").asText();
    assertThat(sent.data().get("sentAt").asText()).isNotBlank();
    String id2 =
        a1.request("conversation:message", message(c, "hello from a1")).data().get("id").asText();

    Reply observer = o.request("conversation:message", message(c, "the observer speaks"));
    assertThat(observer.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(
            o.request(
                    "conversation:typing", Map.of("conversationId", c.id().value(), "typing", true))
                .errorCode())
        .isEqualTo("FORBIDDEN");

    for (RealtimeTestClient client : all) {
      JsonNode first = client.await("conversation:message", WAIT);
      assertThat(first.get("id").asText()).isEqualTo(id);
      assertThat(first.get("conversationId").asText()).isEqualTo(c.id().value());
      assertThat(first.get("from").asText()).isEqualTo("v");
      assertThat(first.get("message").asText()).isEqualTo("hello from the visitor");
      assertThat(client.await("conversation:message", WAIT).get("id").asText()).isEqualTo(id2);
    }
    drain(a, "v", v);
    drain(a, "v", vTab);
    drain(a, "a1", a1);
    drain(a, "a2", a2);
    drain(a, "o", o);
    for (RealtimeTestClient client : all) {
      assertThat(framesWith(client, "\"" + id + "\""))
          .as("copies of the message on %s", client)
          .isEqualTo(client == v ? 2 : 1); // the sender's tab also holds its reply
      assertThat(framesWith(client, "the observer speaks")).isZero();
    }
    assertThat(events.stream().filter(ConversationMessageSent.class::isInstance).count())
        .isEqualTo(2);

    // typing reaches the others, never the typist's own sockets; read state reaches the others
    a2.fire("conversation:typing", Map.of("conversationId", c.id().value(), "typing", true));
    JsonNode typing = v.await("conversation:typing", WAIT);
    assertThat(typing.get("from").asText()).isEqualTo("a2");
    assertThat(typing.get("typing").asBoolean()).isTrue();
    o.await("conversation:typing", WAIT);
    assertThat(
            v.request("conversation:read", Map.of("conversationId", c.id().value(), "upTo", id2))
                .ok())
        .isTrue();
    JsonNode read = a1.await("conversation:read", WAIT);
    assertThat(read.get("by").asText()).isEqualTo("v");
    assertThat(read.get("upTo").asText()).isEqualTo(id2);
    drain(a, "a2", a2);
    assertThat(a2.eventNames()).doesNotContain("conversation:typing");
    assertThat(v.eventNames()).doesNotContain("conversation:read");

    JsonNode list = vTab.request("conversation:list", Map.of()).data().get("conversations");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(c.id().value());
    assertThat(list.get(0).get("participants")).hasSize(4);
    assertThat(list.get(0).get("open").asBoolean()).isTrue();
    assertThat(list.get(0).get("read").get("v").asText()).isEqualTo(id2);
  }

  @Test
  void aParticipantRemovedMidConversationStopsReceivingAtOnce() throws Exception {
    start(b -> {});
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    RealtimeTestClient a1 = connect("a1", a, Role.COMMERCIAL);
    RealtimeTestClient a2 = connect("a2", a, Role.COMMERCIAL);
    Conversation c = openFour();
    assertThat(a2.request("conversation:message", message(c, "before")).ok()).isTrue();
    v.await("conversation:message", WAIT);

    assertThat(server.realtime().removeParticipant(a, c.id(), UserId.of("a2")).isOk()).isTrue();
    JsonNode leave = a2.await("conversation:leave", WAIT);
    assertThat(leave.get("userId").asText()).isEqualTo("a2");
    assertThat(leave.get("role").asText()).isEqualTo("agent");
    assertThat(a1.await("conversation:leave", WAIT).get("userId").asText()).isEqualTo("a2");

    String id =
        v.request("conversation:message", message(c, "after the removal"))
            .data()
            .get("id")
            .asText();
    assertThat(a1.await("conversation:message", WAIT).get("id").asText())
        .isNotEqualTo(id); // "before"
    assertThat(a1.await("conversation:message", WAIT).get("id").asText()).isEqualTo(id);
    drain(a, "a2", a2);
    assertThat(framesWith(a2, "after the removal")).isZero();
    assertThat(a2.request("conversation:message", message(c, "still here?")).errorCode())
        .isEqualTo("FORBIDDEN");
    assertThat(a2.request("conversation:list", Map.of()).data().get("conversations")).isEmpty();
    assertThat(events).filteredOn(ParticipantRemoved.class::isInstance).hasSize(1);
  }

  @Test
  void anotherCompanyGetsZeroFramesAndTheAnswerOfAnUnknownId() throws Exception {
    start(b -> {});
    RealtimeTestClient cb = connect("cb", b, Role.COMMERCIAL);
    RealtimeTestClient vb = connect("vb", b, Role.VISITOR);
    RealtimeTestClient vSameId = connect("vb2", b, Role.VISITOR);
    drain(b, "cb", cb);
    drain(b, "vb", vb);
    drain(b, "vb2", vSameId);
    int before = cb.frames().size() + vb.frames().size() + vSameId.frames().size();

    RealtimeTestClient v = connect("v2", a, Role.VISITOR);
    RealtimeTestClient a1 = connect("a1", a, Role.COMMERCIAL);
    Conversation c =
        server
            .realtime()
            .openConversation(
                a,
                List.of(
                    new Participant(UserId.of("v2"), ParticipantRole.VISITOR),
                    new Participant(UserId.of("a1"), ParticipantRole.AGENT)))
            .value();
    v.request("conversation:message", message(c, "secret of A"));
    a1.fire("conversation:typing", Map.of("conversationId", c.id().value(), "typing", true));
    a1.await("conversation:message", WAIT);
    v.await("conversation:typing", WAIT);
    a1.request("conversation:read", Map.of("conversationId", c.id().value(), "upTo", "x"));
    // a host mistake: B's user id added to A's conversation reaches nobody in B (delivery is per
    // company)
    server.realtime().addParticipant(a, c.id(), UserId.of("cb"), ParticipantRole.OBSERVER);
    server.realtime().closeConversation(a, c.id());
    v.await("conversation:closed", WAIT);
    drain(b, "cb", cb);
    drain(b, "vb", vb);
    drain(b, "vb2", vSameId);
    assertThat(cb.frames().size() + vb.frames().size() + vSameId.frames().size())
        .as(
            "frames to company B beyond the barriers: %s %s %s",
            cb.frames(), vb.frames(), vSameId.frames())
        .isEqualTo(before + 3);

    // A's conversation through company B: exactly the answer of an id nobody uses
    Reply foreign = cb.request("conversation:message", message(c, "psst"));
    Reply unknown =
        cb.request(
            "conversation:message",
            Map.of("conversationId", UUID.randomUUID().toString(), "message", "psst"));
    assertThat(foreign.errorCode()).isEqualTo("INVALID_ARGUMENT").isEqualTo(unknown.errorCode());
    assertThat(foreign.errorMessage())
        .isEqualTo("unknown conversation")
        .isEqualTo(unknown.errorMessage());
    assertThat(vSameId.request("conversation:list", Map.of()).data().get("conversations"))
        .isEmpty();
    assertThat(server.realtime().conversations(b, UserId.of("v2"))).isEmpty();
    assertThat(server.realtime().removeParticipant(b, c.id(), UserId.of("v2")).failure().message())
        .isEqualTo("unknown conversation");
  }

  @Test
  void badInputGetsClearErrorsAndNothingIsDelivered() throws Exception {
    start(b -> {});
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    RealtimeTestClient a1 = connect("a1", a, Role.COMMERCIAL);
    Conversation c =
        server
            .realtime()
            .openConversation(
                a,
                List.of(
                    new Participant(UserId.of("v"), ParticipantRole.VISITOR),
                    new Participant(UserId.of("a1"), ParticipantRole.AGENT)))
            .value();
    Conversation other =
        server
            .realtime()
            .openConversation(b, List.of(new Participant(UserId.of("v"), ParticipantRole.VISITOR)))
            .value();

    Reply unknown =
        v.request(
            "conversation:message",
            Map.of("conversationId", UUID.randomUUID().toString(), "message", "x"));
    assertThat(unknown.errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(unknown.errorMessage()).isEqualTo("unknown conversation");
    Reply foreign = v.request("conversation:message", message(other, "x"));
    assertThat(foreign.errorCode()).isEqualTo(unknown.errorCode());
    assertThat(foreign.errorMessage()).isEqualTo(unknown.errorMessage());
    for (Object shape :
        new Object[] {
          "abc", "", 42, "g0000000-0000-0000-0000-000000000000", c.id().value() + "0"
        }) {
      Reply wrong =
          v.request("conversation:message", Map.of("conversationId", shape, "message", "x"));
      assertThat(wrong.errorCode()).as("shape %s", shape).isEqualTo("INVALID_ARGUMENT");
      assertThat(wrong.errorMessage())
          .containsAnyOf("conversationId must be a UUID", "\"conversationId\" must be a string");
    }
    assertThat(v.request("conversation:message", Map.of("message", "x")).errorMessage())
        .isEqualTo("\"conversationId\" must be a string");
    assertThat(v.request("conversation:message", message(c, "x".repeat(16_385))).errorMessage())
        .isEqualTo("message must be at most 16384 characters");
    assertThat(v.request("conversation:message", message(c, "")).errorCode())
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(
            v.request(
                    "conversation:typing",
                    Map.of("conversationId", c.id().value(), "typing", "yes"))
                .errorCode())
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(
            v.request("conversation:read", Map.of("conversationId", c.id().value(), "upTo", ""))
                .errorCode())
        .isEqualTo("INVALID_ARGUMENT");
    RealtimeTestClient stranger = connect("s", a, Role.COMMERCIAL);
    assertThat(stranger.request("conversation:message", message(c, "x")).errorCode())
        .isEqualTo("FORBIDDEN");

    assertThat(server.realtime().closeConversation(a, c.id()).isOk()).isTrue();
    a1.await("conversation:closed", WAIT);
    Reply closed = v.request("conversation:message", message(c, "too late"));
    assertThat(closed.errorCode()).isEqualTo("CONFLICT");
    assertThat(closed.errorMessage()).isEqualTo("conversation closed");
    assertThat(
            server
                .realtime()
                .addParticipant(a, c.id(), UserId.of("s"), ParticipantRole.AGENT)
                .failure()
                .code()
                .value())
        .isEqualTo("CONFLICT");
    assertThat(
            server
                .realtime()
                .openConversation(
                    a, c.id(), List.of(new Participant(UserId.of("v"), ParticipantRole.VISITOR)))
                .failure()
                .code()
                .value())
        .isEqualTo("CONFLICT");

    drain(a, "a1", a1);
    assertThat(a1.eventNames()).doesNotContain("conversation:message");
    assertThat(events).noneMatch(ConversationMessageSent.class::isInstance);
    assertThat(v.isOpen()).isTrue();
    assertThat(v.request("conversation:list", Map.of()).ok()).isTrue();
  }

  @Test
  void aPolicyVetoesAMessageWithItsReason() throws Exception {
    start(
        b ->
            b.conversationPolicy(
                (conversation, from, text) ->
                    text.contains("forbidden-word") ? Optional.of("moderated") : Optional.empty()));
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    RealtimeTestClient a1 = connect("a1", a, Role.COMMERCIAL);
    Conversation c =
        server
            .realtime()
            .openConversation(
                a,
                List.of(
                    new Participant(UserId.of("v"), ParticipantRole.VISITOR),
                    new Participant(UserId.of("a1"), ParticipantRole.AGENT)))
            .value();
    Reply refused = v.request("conversation:message", message(c, "a forbidden-word here"));
    assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(refused.errorMessage()).isEqualTo("message refused: moderated");
    assertThat(v.request("conversation:message", message(c, "fine")).ok()).isTrue();
    assertThat(a1.await("conversation:message", WAIT).get("message").asText()).isEqualTo("fine");
    assertThat(framesWith(a1, "forbidden-word")).isZero();
  }

  @Test
  void observersMaySendWhenTheHostAllowsIt() throws Exception {
    start(b -> b.observersMaySend(true));
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    RealtimeTestClient o = connect("o", a, Role.ADMIN);
    Conversation c =
        server
            .realtime()
            .openConversation(
                a,
                List.of(
                    new Participant(UserId.of("v"), ParticipantRole.VISITOR),
                    new Participant(UserId.of("o"), ParticipantRole.OBSERVER)))
            .value();
    assertThat(o.request("conversation:message", message(c, "a supervisor steps in")).ok())
        .isTrue();
    assertThat(v.await("conversation:message", WAIT).get("from").asText()).isEqualTo("o");
  }

  @Test
  void assignmentOpensTheConversationAndATransferMovesTheAgentWithLeaveThenJoin() throws Exception {
    start(b -> b.assignment(AssignmentPolicies.leastLoaded()));
    RealtimeTestClient c1 = connect("c1", a, Role.COMMERCIAL);
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    v.await("visitor:assigned", WAIT);
    List<String> joins = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonNode join = v.await("conversation:join", WAIT);
      joins.add(join.get("userId").asText() + "/" + join.get("role").asText());
    }
    assertThat(joins).containsExactly("v/visitor", "c1/agent");
    c1.await("conversation:join", WAIT);
    c1.await("conversation:join", WAIT);
    List<Conversation> open = server.realtime().conversations(a, UserId.of("v"));
    assertThat(open).hasSize(1);
    ConversationId id = open.get(0).id();
    assertThat(
            c1.request(
                    "conversation:message",
                    Map.of("conversationId", id.value(), "message", "how can I help?"))
                .ok())
        .isTrue();
    assertThat(v.await("conversation:message", WAIT).get("from").asText()).isEqualTo("c1");

    RealtimeTestClient c2 = connect("c2", a, Role.COMMERCIAL);
    assertThat(server.realtime().assignVisitor(a, UserId.of("v"), UserId.of("c2")).isOk()).isTrue();
    JsonNode left = c1.await("conversation:leave", WAIT);
    assertThat(left.get("userId").asText()).isEqualTo("c1");
    JsonNode joined = c2.await("conversation:join", WAIT);
    assertThat(joined.get("userId").asText()).isEqualTo("c2");
    assertThat(joined.get("conversationId").asText()).isEqualTo(id.value());
    JsonNode vLeft = v.await("conversation:leave", WAIT);
    JsonNode vJoined = v.await("conversation:join", WAIT);
    assertThat(vLeft.get("userId").asText()).isEqualTo("c1");
    assertThat(vJoined.get("userId").asText()).isEqualTo("c2");
    List<String> order =
        v.eventNames().stream().filter(n -> n.startsWith("conversation:")).toList();
    assertThat(order.subList(order.size() - 2, order.size()))
        .containsExactly("conversation:leave", "conversation:join");
    assertThat(server.realtime().conversations(a, UserId.of("v")))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.participants())
                    .containsExactly(
                        new Participant(UserId.of("v"), ParticipantRole.VISITOR),
                        new Participant(UserId.of("c2"), ParticipantRole.AGENT)));
    assertThat(
            c1.request("conversation:message", Map.of("conversationId", id.value(), "message", "x"))
                .errorCode())
        .isEqualTo("FORBIDDEN");

    // a release removes the commercial
    assertThat(server.realtime().releaseVisitor(a, UserId.of("v")).isOk()).isTrue();
    assertThat(c2.await("conversation:leave", WAIT).get("userId").asText()).isEqualTo("c2");
    assertThat(server.realtime().conversations(a, UserId.of("c2"))).isEmpty();
  }

  @Test
  void membershipIgnoresAssignmentWhenSwitchedOff() throws Exception {
    start(b -> b.assignment(AssignmentPolicies.leastLoaded()).conversationsFollowAssignment(false));
    RealtimeTestClient c1 = connect("c1", a, Role.COMMERCIAL);
    RealtimeTestClient v = connect("v", a, Role.VISITOR);
    v.await("visitor:assigned", WAIT);
    drain(a, "v", v);
    drain(a, "c1", c1);
    assertThat(v.eventNames()).noneMatch(n -> n.startsWith("conversation:"));
    assertThat(server.realtime().conversations(a, UserId.of("v"))).isEmpty();
  }
}
