package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one redis-server with {@code userIds(PER_COMPANY)}: two companies' {@code u-1}, on
 * different nodes, are two users in the shared store, and chat across nodes reaches only its own
 * company's {@code u-1}.
 */
class ClusterPerCompanyUserIdsTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration GRACE = Duration.ofMillis(300);
  static RedisServerProcess redis;

  final CompanyId a = CompanyId.of(UUID.randomUUID());
  final CompanyId b = CompanyId.of(UUID.randomUUID());
  ClusterNode n1;
  ClusterNode n2;

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
    String prefix = "pc" + UUID.randomUUID().toString().substring(0, 8) + ":";
    n1 = node("n1", prefix);
    n2 = node("n2", prefix);
  }

  private static ClusterNode node(String id, String prefix) {
    return new ClusterNode(
        redis.uri(),
        id,
        prefix,
        Duration.ofSeconds(2),
        GRACE,
        null,
        b -> b.userIds(UserIdScope.PER_COMPANY));
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

  @Test
  void twoCompaniesU1OnTwoNodesAreTwoUsersAndChatStaysInItsCompany() {
    InMemoryConnection u1a = n1.connect("u-1", a, Role.VISITOR);
    InMemoryConnection u1b = n2.connect("u-1", b, Role.VISITOR);
    InMemoryConnection agentA = n2.connect("agent", a, Role.COMMERCIAL);
    InMemoryConnection agentB = n1.connect("agent", b, Role.COMMERCIAL);
    assertThat(u1a.frames().get(0).path("data").path("userId").asText()).isEqualTo(a + "/u-1");
    assertThat(u1b.frames().get(0).path("data").path("userId").asText()).isEqualTo(b + "/u-1");

    JsonNode r = ClusterTest.reply(agentA, ClusterTest.send(agentA, "u-1", "for a"));
    assertThat(r.get("ok").asBoolean()).as("%s", r).isTrue();
    await().atMost(WAIT).until(() -> u1a.events("chat:message").size() == 1);
    assertThat(u1a.events("chat:message").get(0).get("from").asText()).isEqualTo(a + "/agent");

    JsonNode rb = ClusterTest.reply(agentB, ClusterTest.send(agentB, b + "/u-1", "for b"));
    assertThat(rb.get("ok").asBoolean()).as("%s", rb).isTrue();
    await().atMost(WAIT).until(() -> u1b.events("chat:message").size() == 1);
    assertThat(u1b.events("chat:message").get(0).get("message").asText()).isEqualTo("for b");
    assertThat(u1a.events("chat:message")).hasSize(1);

    // both nodes see each company's own users in the shared store
    for (ClusterNode n : new ClusterNode[] {n1, n2}) {
      assertThat(n.realtime.connectedUsers(a, Optional.empty()))
          .extracting(u -> u.userId().value())
          .containsExactlyInAnyOrder(a + "/u-1", a + "/agent");
      assertThat(n.realtime.connectedUsers(b, Optional.empty()))
          .extracting(u -> u.userId().value())
          .containsExactlyInAnyOrder(b + "/u-1", b + "/agent");
    }

    // a's u-1 going offline (after its grace period) leaves b's u-1 online
    u1a.drop();
    await().atMost(WAIT).until(() -> !n2.realtime.isConnected(UserId.of(a, "u-1")));
    assertThat(n2.realtime.isConnected(UserId.of(b, "u-1"))).isTrue();
    assertThat(n1.realtime.isConnected(UserId.of(b, "u-1"))).isTrue();
  }
}
