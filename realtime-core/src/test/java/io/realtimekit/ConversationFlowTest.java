package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.domain.event.ConversationOpened;
import io.realtimekit.domain.event.ConversationRead;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.ParticipantAdded;
import io.realtimekit.domain.event.ParticipantRemoved;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations through the session with a manual clock: membership following every kind of
 * assignment change (domain events in order), the conversation kept across a commercial going
 * offline, and the client events' answers.
 */
class ConversationFlowTest {
  static final CompanyId A = CompanyId.of(UUID.randomUUID());
  static final AtomicLong ids = new AtomicLong();

  CoreHarness h;
  final List<DomainEvent> events = new CopyOnWriteArrayList<>();

  void start(java.util.function.UnaryOperator<RealtimeBuilder> settings) {
    h = CoreHarness.start(settings);
    h.realtime.subscribe(DomainEvent.class, events::add);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  static JsonNode request(InMemoryConnection c, String event, Map<String, Object> data)
      throws Exception {
    long id = ids.incrementAndGet();
    c.receive(
        "{\"event\":\""
            + event
            + "\",\"data\":"
            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(data)
            + ",\"id\":"
            + id
            + "}");
    return c.reply(id).orElseThrow();
  }

  List<String> membership() {
    return events.stream()
        .map(
            e -> {
              if (e instanceof ConversationOpened o) {
                return "opened "
                    + o.participants().stream()
                        .map(p -> p.userId() + "/" + p.role().wireName())
                        .toList();
              } else if (e instanceof ParticipantAdded a) {
                return "added " + a.userId() + "/" + a.role().wireName();
              } else if (e instanceof ParticipantRemoved r) {
                return "removed " + r.userId();
              }
              return null;
            })
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  @Test
  void membershipFollowsAssignmentTransferReleaseAndOfflineAndKeepsOneConversation() {
    start(b -> b.assignment(AssignmentPolicies.leastLoaded()));
    Realtime rt = h.realtime;
    InMemoryConnection c1 = h.connect("c1", A, Role.COMMERCIAL);
    h.connect("v", A, Role.VISITOR);
    Conversation c = rt.conversations(A, UserId.of("v")).get(0);
    assertThat(membership()).containsExactly("opened [v/visitor, c1/agent]");

    InMemoryConnection c2 = h.connect("c2", A, Role.COMMERCIAL);
    assertThat(rt.assignVisitor(A, UserId.of("v"), UserId.of("c2")).isOk()).isTrue();
    assertThat(membership())
        .containsExactly("opened [v/visitor, c1/agent]", "removed c1", "added c2/agent");
    assertThat(c1.events("conversation:leave"))
        .extracting(d -> d.get("userId").asText())
        .containsExactly("c1");
    assertThat(c2.events("conversation:join"))
        .extracting(d -> d.get("userId").asText())
        .containsExactly("c2");

    // the commercial goes offline past its grace period: it leaves, the visitor goes to c1, who
    // rejoins
    c2.drop();
    h.time.advance(Duration.ofSeconds(10));
    assertThat(membership())
        .containsExactly(
            "opened [v/visitor, c1/agent]",
            "removed c1",
            "added c2/agent",
            "removed c2",
            "added c1/agent");
    assertThat(rt.conversations(A, UserId.of("v")))
        .singleElement()
        .satisfies(x -> assertThat(x.id()).isEqualTo(c.id()));

    assertThat(rt.releaseVisitor(A, UserId.of("v")).isOk()).isTrue();
    assertThat(membership()).last().isEqualTo("removed c1");
    assertThat(rt.conversations(A, UserId.of("c1"))).isEmpty();
  }

  @Test
  void hostConversationsAreLeftAloneByAssignmentWhenSwitchedOff() {
    start(b -> b.assignment(AssignmentPolicies.leastLoaded()).conversationsFollowAssignment(false));
    h.connect("c1", A, Role.COMMERCIAL);
    h.connect("v", A, Role.VISITOR);
    assertThat(h.realtime.assignmentOf(A, UserId.of("v"))).isPresent();
    assertThat(membership()).isEmpty();
  }

  @Test
  void clientEventsAnswerAndReadStateIsKept() throws Exception {
    start(b -> b);
    InMemoryConnection v = h.connect("v", A, Role.VISITOR);
    InMemoryConnection vTab = h.connect("v", A, Role.VISITOR);
    InMemoryConnection a = h.connect("a", A, Role.COMMERCIAL);
    Conversation c =
        h.realtime
            .openConversation(
                A,
                List.of(
                    new Participant(UserId.of("v"), ParticipantRole.VISITOR),
                    new Participant(UserId.of("a"), ParticipantRole.AGENT)))
            .value();

    JsonNode sent =
        request(
            v, "conversation:message", Map.of("conversationId", c.id().value(), "message", "hi"));
    assertThat(sent.get("ok").asBoolean()).as("%s", sent).isTrue();
    String id = sent.get("data").get("id").asText();
    for (InMemoryConnection s : List.of(v, vTab, a)) {
      assertThat(s.events("conversation:message"))
          .singleElement()
          .satisfies(m -> assertThat(m.get("id").asText()).isEqualTo(id));
    }
    assertThat(
            request(a, "conversation:read", Map.of("conversationId", c.id().value(), "upTo", id))
                .get("ok")
                .asBoolean())
        .isTrue();
    assertThat(v.events("conversation:read"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("by").asText()).isEqualTo("a");
              assertThat(r.get("upTo").asText()).isEqualTo(id);
              assertThat(r.get("at").asText()).isNotBlank();
            });
    assertThat(a.events("conversation:read")).isEmpty();
    assertThat(events).filteredOn(ConversationRead.class::isInstance).hasSize(1);
    assertThat(h.realtime.conversations(A, UserId.of("a")).get(0).readState())
        .containsEntry(UserId.of("a"), id);

    JsonNode typing =
        request(
            v, "conversation:typing", Map.of("conversationId", c.id().value(), "typing", false));
    assertThat(typing.get("ok").asBoolean()).isTrue();
    assertThat(a.events("conversation:typing"))
        .singleElement()
        .satisfies(t -> assertThat(t.get("typing").asBoolean()).isFalse());
    assertThat(vTab.events("conversation:typing")).isEmpty();

    JsonNode list = request(a, "conversation:list", Map.of());
    assertThat(list.get("data").get("conversations").get(0).get("read").get("a").asText())
        .isEqualTo(id);
  }
}
