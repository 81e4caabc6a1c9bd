package io.realtimekit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.infrastructure.auth.HmacTokenIssuer;
import io.realtimekit.testkit.AuthMode;
import io.realtimekit.testkit.RealtimeTestClient;
import io.realtimekit.testkit.Reply;
import io.realtimekit.testkit.RunningServer;
import io.realtimekit.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live-chat scenarios of assignment, chat policy, typing, receipts and presence, through real
 * WebSockets.
 */
class LiveChatScenarioTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  TestServer server;
  HmacTokenIssuer issuer;
  final AtomicInteger assigned = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server =
        TestServer.start(
            realtime -> {
              RealtimeServer s = RealtimeJetty.builder(realtime).host("127.0.0.1").port(0).start();
              return RunningServer.of(s.uri(), s);
            },
            builder ->
                builder
                    .assignment(AssignmentPolicies.leastLoaded())
                    .gracePeriod(Duration.ofMillis(500)));
    issuer = new HmacTokenIssuer(server.tokens().secret());
    server.realtime().subscribe(VisitorAssigned.class, e -> assigned.incrementAndGet());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  RealtimeTestClient connect(String user, CompanyId company, Role role, Map<String, Object> claims)
      throws Exception {
    String token =
        issuer.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), claims);
    return server.track(RealtimeTestClient.connect(server.uri(), token, AuthMode.FIRST_FRAME));
  }

  RealtimeTestClient connect(String user, CompanyId company, Role role) throws Exception {
    return connect(user, company, role, Map.of());
  }

  String assigneeOf(String visitor) {
    return server.realtime().assignmentOf(a, UserId.of(visitor)).map(UserId::value).orElse(null);
  }

  @Test
  void twoCommercialsOfCapacityOneThreeVisitorsThenOneCommercialLeavesAndComesBack()
      throws Exception {
    RealtimeTestClient c1 = connect("c1", a, Role.COMMERCIAL, Map.of("maxChats", 1));
    RealtimeTestClient c2 = connect("c2", a, Role.COMMERCIAL, Map.of("maxChats", 1));
    RealtimeTestClient v1 = connect("v1", a, Role.VISITOR);
    String first = v1.await("visitor:assigned", WAIT).get("commercialId").asText();
    RealtimeTestClient v2 = connect("v2", a, Role.VISITOR);
    String second = v2.await("visitor:assigned", WAIT).get("commercialId").asText();
    RealtimeTestClient v3 = connect("v3", a, Role.VISITOR);

    assertThat(Set.of(first, second)).containsExactlyInAnyOrder("c1", "c2");
    assertThat(v3.await("visitor:queued", WAIT).get("position").asInt()).isEqualTo(1);
    assertThat(assigned.get()).isEqualTo(2);

    // v1's commercial disconnects: after the grace period v1 is queued first (the other is full)
    RealtimeTestClient leaving = first.equals("c1") ? c1 : c2;
    leaving.close();
    assertThat(v1.await("visitor:unassigned", WAIT).get("reason").asText())
        .isEqualTo("commercial-offline");
    assertThat(v1.await("visitor:queued", WAIT).get("position").asInt()).isEqualTo(1);
    assertThat(v3.await("visitor:queued", WAIT).get("position").asInt()).isEqualTo(2);
    assertThat(assigneeOf("v1")).isNull();
    assertThat(server.realtime().isConnected(UserId.of(first))).isFalse();

    // it comes back and takes the head of the queue
    RealtimeTestClient back = connect(first, a, Role.COMMERCIAL, Map.of("maxChats", 1));
    assertThat(back.await("commercial:visitor-assigned", WAIT).get("visitorId").asText())
        .isEqualTo("v1");
    assertThat(v1.await("visitor:assigned", WAIT).get("commercialId").asText()).isEqualTo(first);
    assertThat(v3.await("visitor:queued", WAIT).get("position").asInt()).isEqualTo(1);
    assertThat(assigned.get()).isEqualTo(3);
  }

  @Test
  void aVisitorMessagingAnotherVisitorIsForbidden() throws Exception {
    connect("c1", a, Role.COMMERCIAL);
    RealtimeTestClient v1 = connect("v1", a, Role.VISITOR);
    RealtimeTestClient v2 = connect("v2", a, Role.VISITOR);
    Reply reply = v1.request("chat:message", Map.of("to", "v2", "message", "hi"));
    assertThat(reply.ok()).isFalse();
    assertThat(reply.errorCode()).isEqualTo("FORBIDDEN");
    v2.assertNoEvent("chat:message", Duration.ofMillis(300));
  }

  @Test
  void nothingOfCompanyAReachesCompanyB() throws Exception {
    RealtimeTestClient cb = connect("cb", b, Role.COMMERCIAL, Map.of("maxChats", 5));
    RealtimeTestClient vb = connect("vb", b, Role.VISITOR);
    assertThat(cb.request("presence:list", Map.of()).ok()).isTrue();
    vb.await("visitor:assigned", WAIT);
    cb.await(
        "commercial:visitor-assigned", WAIT); // assignment is asynchronous: both sides told first
    // and the assignment opened their conversation: both joins reach both sides
    await()
        .atMost(WAIT)
        .until(
            () ->
                cb.eventNames().stream().filter("conversation:join"::equals).count() == 2
                    && vb.eventNames().stream().filter("conversation:join"::equals).count() == 2);
    int before = cb.frames().size() + vb.frames().size();

    RealtimeTestClient ca = connect("ca", a, Role.COMMERCIAL);
    RealtimeTestClient va = connect("va", a, Role.VISITOR);
    va.await("visitor:assigned", WAIT);
    ca.fire("chat:typing", Map.of("to", "va", "typing", true));
    String id =
        ca.request("chat:message", Map.of("to", "va", "message", "hi")).data().get("id").asText();
    va.await("chat:message", WAIT);
    assertThat(va.request("chat:read", Map.of("id", id)).ok()).isTrue();
    assertThat(ca.await("chat:read", WAIT).get("by").asText()).isEqualTo("va");
    // another company's users get the answer of an unknown id
    assertThat(ca.request("chat:message", Map.of("to", "vb", "message", "psst")).errorCode())
        .isEqualTo("USER_NOT_CONNECTED");
    assertThat(va.request("chat:typing", Map.of("to", "cb", "typing", true)).errorCode())
        .isEqualTo("USER_NOT_CONNECTED");
    assertThat(ca.request("visitor:claim", Map.of("visitorId", "vb")).ok()).isFalse();
    assertThat(cb.request("chat:read", Map.of("id", id)).ok()).isFalse();
    server.realtime().notifyCompany(a, "news", Map.of("x", 1));
    va.close();
    await().atMost(WAIT).until(() -> ca.eventNames().contains("visitor:disconnected"));

    // the one frame B may get is the refusal of its own chat:read
    assertThat(cb.frames().size() + vb.frames().size() - 1)
        .as("frames to company B: %s %s", cb.frames(), vb.frames())
        .isEqualTo(before);
    for (String frame : cb.frames()) {
      assertThat(frame).doesNotContain("\"va\"").doesNotContain("\"ca\"");
    }
  }

  @Test
  void presenceListIsASnapshotThenDiffs() throws Exception {
    RealtimeTestClient c1 = connect("c1", a, Role.COMMERCIAL);
    JsonNode users = c1.request("presence:list", Map.of()).data().get("users");
    assertThat(users).extracting(u -> u.get("userId").asText()).containsExactly("c1");
    RealtimeTestClient v1 = connect("v1", a, Role.VISITOR);
    JsonNode joined = c1.await("presence:joined", WAIT);
    assertThat(joined.get("userId").asText()).isEqualTo("v1");
    assertThat(joined.get("connections").asInt()).isEqualTo(1);
    v1.close();
    JsonNode left = c1.await("presence:left", WAIT);
    assertThat(left.get("userId").asText()).isEqualTo("v1");
    assertThat(left.get("connections").asInt()).isZero();
  }
}
