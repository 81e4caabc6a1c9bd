package io.realtimekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.testing.CoreHarness;
import io.realtimekit.testing.InMemoryConnection;
import io.realtimekit.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Assignment, chat policy, typing, receipts and presence diffs through the session, with a manual
 * clock.
 */
class AssignmentFlowTest {
  static final CompanyId A = CompanyId.of(UUID.randomUUID());
  static final CompanyId B = CompanyId.of(UUID.randomUUID());

  CoreHarness h;
  ManualScheduler time;
  Realtime realtime;
  List<DomainEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    h = CoreHarness.start(b -> b.assignment(AssignmentPolicies.leastLoaded()));
    time = h.time;
    realtime = h.realtime;
    realtime.subscribe(DomainEvent.class, events::add);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  InMemoryConnection connect(
      String user, CompanyId company, Role role, Map<String, Object> claims) {
    return h.connect(user, company, role, claims);
  }

  InMemoryConnection connect(String user, CompanyId company, Role role) {
    return h.connect(user, company, role);
  }

  UserId assignee(String visitor) {
    return realtime.assignmentOf(A, UserId.of(visitor)).orElse(null);
  }

  long assignedEvents() {
    return events.stream().filter(VisitorAssigned.class::isInstance).count();
  }

  @Test
  void twoCommercialsOfCapacityOneAndThreeVisitors() {
    InMemoryConnection c1 = connect("c1", A, Role.COMMERCIAL, Map.of("maxChats", 1));
    InMemoryConnection c2 = connect("c2", A, Role.COMMERCIAL, Map.of("maxChats", 1));
    InMemoryConnection v1 = connect("v1", A, Role.VISITOR);
    InMemoryConnection v2 = connect("v2", A, Role.VISITOR);
    InMemoryConnection v3 = connect("v3", A, Role.VISITOR);

    assertThat(Set.of(assignee("v1"), assignee("v2")))
        .containsExactlyInAnyOrder(UserId.of("c1"), UserId.of("c2"));
    assertThat(v1.events("visitor:assigned")).hasSize(1);
    assertThat(v3.events("visitor:queued"))
        .extracting(d -> d.get("position").asInt())
        .containsExactly(1);
    assertThat(realtime.queue(A)).containsExactly(UserId.of("v3"));
    assertThat(assignedEvents()).isEqualTo(2);

    // the commercial of v1 goes away: inside the grace period nothing moves
    InMemoryConnection leaving = assignee("v1").value().equals("c1") ? c1 : c2;
    String leavingId = assignee("v1").value();
    String stayingId = leavingId.equals("c1") ? "c2" : "c1";
    leaving.drop();
    time.advance(Duration.ofSeconds(2));
    assertThat(assignee("v1")).isEqualTo(UserId.of(leavingId));
    time.advance(Duration.ofSeconds(2));
    // after it: v1 goes back to the front of the queue (the other commercial is full), never to an
    // offline one
    assertThat(assignee("v1")).isNull();
    assertThat(realtime.queue(A)).containsExactly(UserId.of("v1"), UserId.of("v3"));
    assertThat(v1.events("visitor:queued"))
        .extracting(d -> d.get("position").asInt())
        .containsExactly(1);
    assertThat(v3.events("visitor:queued"))
        .extracting(d -> d.get("position").asInt())
        .containsExactly(1, 2);
    assertThat(events)
        .filteredOn(VisitorAssigned.class::isInstance)
        .allSatisfy(
            e ->
                assertThat(
                        realtime.isConnected(((VisitorAssigned) e).commercialId())
                            || ((VisitorAssigned) e).commercialId().value().equals(leavingId))
                    .isTrue());

    // the commercial comes back and takes the head of the queue
    InMemoryConnection back = connect(leavingId, A, Role.COMMERCIAL, Map.of("maxChats", 1));
    assertThat(assignee("v1")).isEqualTo(UserId.of(leavingId));
    assertThat(back.events("commercial:visitor-assigned"))
        .extracting(d -> d.get("visitorId").asText())
        .containsExactly("v1");
    assertThat(realtime.queue(A)).containsExactly(UserId.of("v3"));
    assertThat(assignedEvents()).isEqualTo(3);
    assertThat(assignee("v2")).isEqualTo(UserId.of(stayingId));
  }

  @Test
  void aCommercialWhoReconnectsInsideTheGracePeriodKeepsItsVisitors() {
    InMemoryConnection c1 = connect("c1", A, Role.COMMERCIAL);
    connect("v1", A, Role.VISITOR);
    c1.drop();
    time.advance(Duration.ofSeconds(1));
    connect("c1", A, Role.COMMERCIAL);
    time.advance(Duration.ofSeconds(10));
    assertThat(assignee("v1")).isEqualTo(UserId.of("c1"));
    assertThat(assignedEvents()).isEqualTo(1);
  }

  @Test
  void aVisitorMessagingAnotherVisitorOrAnUnassignedCommercialIsForbidden() {
    InMemoryConnection c1 = connect("c1", A, Role.COMMERCIAL, Map.of("maxChats", 1));
    connect("c2", A, Role.COMMERCIAL, Map.of("maxChats", 1));
    InMemoryConnection v1 = connect("v1", A, Role.VISITOR);
    InMemoryConnection v2 = connect("v2", A, Role.VISITOR);
    String mine = assignee("v1").value();
    String other = mine.equals("c1") ? "c2" : "c1";

    v1.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"v2\",\"message\":\"hi\"},\"id\":1}");
    v1.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\""
            + other
            + "\",\"message\":\"hi\"},\"id\":2}");
    v1.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\""
            + mine
            + "\",\"message\":\"hi\"},\"id\":3}");

    assertThat(v1.reply(1).orElseThrow().get("error").get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(v1.reply(2).orElseThrow().get("error").get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(v1.reply(3).orElseThrow().get("ok").asBoolean()).isTrue();
    assertThat(v2.events("chat:message")).isEmpty();
    // commercials may message anyone of their company
    c1.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v2\",\"message\":\"hello\"},\"id\":4}");
    assertThat(c1.reply(4).orElseThrow().get("ok").asBoolean()).isTrue();
  }

  @Test
  void typingIsRelayedAndReceiptsOnlyFromTheRealReceiver() {
    InMemoryConnection c1 = connect("c1", A, Role.COMMERCIAL);
    InMemoryConnection v1 = connect("v1", A, Role.VISITOR);
    InMemoryConnection v2 = connect("v2", A, Role.VISITOR);
    c1.receive("{\"event\":\"chat:typing\",\"data\":{\"to\":\"v1\",\"typing\":true}}");
    assertThat(v1.events("chat:typing"))
        .extracting(d -> d.get("from").asText() + d.get("typing").asBoolean())
        .containsExactly("c1true");

    c1.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"hi\"},\"id\":1}");
    String id = c1.reply(1).orElseThrow().get("data").get("id").asText();
    v2.receive("{\"event\":\"chat:read\",\"data\":{\"id\":\"" + id + "\"},\"id\":2}");
    assertThat(v2.reply(2).orElseThrow().get("ok").asBoolean()).isFalse();
    v1.receive("{\"event\":\"chat:delivered\",\"data\":{\"id\":\"" + id + "\"},\"id\":3}");
    v1.receive("{\"event\":\"chat:read\",\"data\":{\"id\":\"" + id + "\"},\"id\":4}");
    assertThat(c1.events("chat:delivered"))
        .extracting(d -> d.get("id").asText())
        .containsExactly(id);
    assertThat(c1.events("chat:read")).extracting(d -> d.get("by").asText()).containsExactly("v1");
  }

  @Test
  void presenceListIsASnapshotFollowedByDiffsAndAVisitorSeesNoOtherVisitor() {
    InMemoryConnection c1 = connect("c1", A, Role.COMMERCIAL);
    InMemoryConnection v1 = connect("v1", A, Role.VISITOR);
    c1.receive("{\"event\":\"presence:list\",\"id\":1}");
    v1.receive("{\"event\":\"presence:list\",\"id\":1}");
    assertThat(c1.reply(1).orElseThrow().get("data").get("users"))
        .extracting(u -> u.get("userId").asText())
        .containsExactlyInAnyOrder("c1", "v1");
    assertThat(v1.reply(1).orElseThrow().get("data").get("users"))
        .extracting(u -> u.get("userId").asText())
        .containsExactlyInAnyOrder("c1", "v1");

    InMemoryConnection v2 = connect("v2", A, Role.VISITOR);
    InMemoryConnection v2b = connect("v2", A, Role.VISITOR);
    assertThat(c1.events("presence:joined"))
        .extracting(d -> d.get("userId").asText() + d.get("connections").asInt())
        .containsExactly("v21", "v22");
    assertThat(v1.events("presence:joined")).isEmpty();
    v2b.drop();
    v2.drop();
    assertThat(c1.events("presence:left"))
        .extracting(d -> d.get("connections").asInt())
        .containsExactly(1);
    time.advance(Duration.ofSeconds(4));
    assertThat(c1.events("presence:left"))
        .extracting(d -> d.get("connections").asInt())
        .containsExactly(1, 0);
    assertThat(v1.events("presence:left")).isEmpty();
  }

  @Test
  void nothingOfCompanyAReachesCompanyB() {
    InMemoryConnection ca = connect("ca", A, Role.COMMERCIAL);
    InMemoryConnection cb = connect("cb", B, Role.COMMERCIAL, Map.of("maxChats", 5));
    InMemoryConnection vb = connect("vb", B, Role.VISITOR);
    cb.receive("{\"event\":\"presence:list\",\"id\":1}");
    int bFramesBefore = cb.sent().size() + vb.sent().size();

    InMemoryConnection va = connect("va", A, Role.VISITOR);
    ca.receive("{\"event\":\"chat:typing\",\"data\":{\"to\":\"va\",\"typing\":true}}");
    ca.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"va\",\"message\":\"hi\"},\"id\":2}");
    String id = ca.reply(2).orElseThrow().get("data").get("id").asText();
    va.receive("{\"event\":\"chat:read\",\"data\":{\"id\":\"" + id + "\"}}");
    va.receive("{\"event\":\"chat:typing\",\"data\":{\"to\":\"cb\",\"typing\":true},\"id\":3}");
    ca.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"vb\",\"message\":\"psst\"},\"id\":4}");
    ca.receive("{\"event\":\"visitor:claim\",\"data\":{\"visitorId\":\"vb\"},\"id\":5}");
    realtime.notifyCompany(A, "news", Map.of("x", 1));
    va.drop();
    time.advance(Duration.ofSeconds(5));

    // another company's users get the answer of an unknown id
    assertThat(va.reply(3).orElseThrow().get("error").get("code").asText())
        .isEqualTo("USER_NOT_CONNECTED");
    assertThat(ca.reply(4).orElseThrow().get("error").get("code").asText())
        .isEqualTo("USER_NOT_CONNECTED");
    assertThat(ca.reply(5).orElseThrow().get("ok").asBoolean()).isFalse();
    assertThat(realtime.assignmentOf(B, UserId.of("vb"))).contains(UserId.of("cb"));
    assertThat(cb.sent().size() + vb.sent().size())
        .as("frames to company B after A's activity")
        .isEqualTo(bFramesBefore);
    for (JsonNode f : cb.frames()) {
      assertThat(f.toString()).doesNotContain("\"va\"").doesNotContain("\"ca\"");
    }
  }
}
