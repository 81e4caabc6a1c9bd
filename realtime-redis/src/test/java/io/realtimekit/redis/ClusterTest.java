package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three nodes in one JVM sharing one redis-server: chat, presence, notifications, grace period. */
class ClusterTest {
  static RedisServerProcess redis;
  static final Duration GRACE = Duration.ofMillis(600);
  static final AtomicLong ids = new AtomicLong();

  CompanyId a = CompanyId.of(UUID.randomUUID());
  CompanyId b = CompanyId.of(UUID.randomUUID());
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
    String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + ":";
    n1 = new ClusterNode(redisUri(), "n1", prefix, Duration.ofSeconds(2), GRACE, null);
    n2 = new ClusterNode(redisUri(), "n2", prefix, Duration.ofSeconds(2), GRACE, null);
    n3 = new ClusterNode(redisUri(), "n3", prefix, Duration.ofSeconds(2), GRACE, null);
  }

  @AfterEach
  void stopNodes() {
    for (ClusterNode n : new ClusterNode[] {n1, n2, n3}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static long send(InMemoryConnection from, String to, String message) {
    long id = ids.incrementAndGet();
    from.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\""
            + to
            + "\",\"message\":\""
            + message
            + "\"},\"id\":"
            + id
            + "}");
    return id;
  }

  static JsonNode reply(InMemoryConnection c, long id) {
    await().atMost(Duration.ofSeconds(5)).until(() -> c.reply(id).isPresent());
    return c.reply(id).orElseThrow();
  }

  @Test
  void chatCrossesNodesBothWaysAndReachesEveryTab() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection visitorTab1 = n2.connect("v1", a, Role.VISITOR);
    InMemoryConnection visitorTab2 = n3.connect("v1", a, Role.VISITOR);

    JsonNode r = reply(commercial, send(commercial, "v1", "hello"));
    assertThat(r.get("ok").asBoolean()).as("%s", r).isTrue();
    for (InMemoryConnection tab : List.of(visitorTab1, visitorTab2)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> tab.events("chat:message").size() == 1);
      assertThat(tab.events("chat:message").get(0).get("message").asText()).isEqualTo("hello");
    }

    JsonNode back = reply(visitorTab2, send(visitorTab2, "c1", "hi there"));
    assertThat(back.get("ok").asBoolean()).as("%s", back).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> commercial.events("chat:message").size() == 1);
    assertThat(commercial.events("chat:message").get(0).get("from").asText()).isEqualTo("v1");
  }

  @Test
  void receiptsCrossNodesAndOnlyTheRealReceiverMayAcknowledge() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection visitor = n2.connect("v1", a, Role.VISITOR);
    InMemoryConnection other = n3.connect("v2", a, Role.VISITOR);
    String messageId =
        reply(commercial, send(commercial, "v1", "did you read me?"))
            .get("data")
            .get("id")
            .asText();

    long forged = ids.incrementAndGet();
    other.receive(
        "{\"event\":\"chat:read\",\"data\":{\"id\":\"" + messageId + "\"},\"id\":" + forged + "}");
    assertThat(reply(other, forged).get("ok").asBoolean()).isFalse();

    long read = ids.incrementAndGet();
    visitor.receive(
        "{\"event\":\"chat:read\",\"data\":{\"id\":\"" + messageId + "\"},\"id\":" + read + "}");
    JsonNode ok = reply(visitor, read);
    assertThat(ok.get("ok").asBoolean()).as("%s", ok).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> commercial.events("chat:read").size() == 1);
    assertThat(commercial.events("chat:read").get(0).get("by").asText()).isEqualTo("v1");
  }

  @Test
  void presenceDiffsReachWatchersOnOtherNodesInsideTheCompanyOnly() {
    InMemoryConnection watcher = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection visitorWatcher = n3.connect("v0", a, Role.VISITOR);
    InMemoryConnection otherCompany = n3.connect("cb", b, Role.COMMERCIAL);
    for (InMemoryConnection w : List.of(watcher, visitorWatcher, otherCompany)) {
      long id = ids.incrementAndGet();
      w.receive("{\"event\":\"presence:list\",\"id\":" + id + "}");
      assertThat(reply(w, id).get("ok").asBoolean()).isTrue();
    }

    InMemoryConnection visitor = n2.connect("v1", a, Role.VISITOR);
    // v0's own join may still be crossing from n3 when the watcher subscribes: look for v1's
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                watcher.events("presence:joined").stream()
                    .anyMatch(e -> e.get("userId").asText().equals("v1")));

    visitor.drop();
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.events("presence:left").size() == 1);
    assertThat(watcher.events("presence:left").get(0).get("connections").asInt()).isZero();
    assertThat(visitorWatcher.events("presence:joined"))
        .as("a visitor sees no other visitor")
        .isEmpty();
    assertThat(otherCompany.events("presence:joined")).isEmpty();
    assertThat(otherCompany.events("presence:left")).isEmpty();
  }

  @Test
  void aChatBetweenTwoUsersOfOneNodeCostsNoPublishAndOneAcrossNodesStillArrives() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection local = n1.connect("v1", a, Role.VISITOR);
    InMemoryConnection remote = n2.connect("v2", a, Role.VISITOR);
    long before = publishCalls();
    for (int i = 0; i < 20; i++) {
      assertThat(reply(commercial, send(commercial, "v1", "same node " + i)).get("ok").asBoolean())
          .isTrue();
    }
    assertThat(publishCalls() - before).as("PUBLISH calls for 20 same-node messages").isZero();
    assertThat(local.events("chat:message")).hasSize(20);

    assertThat(reply(commercial, send(commercial, "v2", "across")).get("ok").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> remote.events("chat:message").size() == 1);
    assertThat(publishCalls() - before).isPositive();
  }

  @Test
  void typingCrossesNodes() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection visitor = n2.connect("v1", a, Role.VISITOR);
    visitor.receive("{\"event\":\"chat:typing\",\"data\":{\"to\":\"c1\",\"typing\":true}}");
    await().atMost(Duration.ofSeconds(5)).until(() -> commercial.events("chat:typing").size() == 1);
  }

  @Test
  void userNotConnectedIsRightClusterWide() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    JsonNode nobody = reply(commercial, send(commercial, "ghost", "anyone?"));
    assertThat(nobody.path("error").path("code").asText()).isEqualTo("USER_NOT_CONNECTED");

    InMemoryConnection visitor = n2.connect("v1", a, Role.VISITOR);
    assertThat(reply(commercial, send(commercial, "v1", "there?")).get("ok").asBoolean()).isTrue();

    visitor.drop();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> n2.events(UserDisconnected.class).size() == 1);
    JsonNode gone = reply(commercial, send(commercial, "v1", "still there?"));
    assertThat(gone.path("error").path("code").asText()).isEqualTo("USER_NOT_CONNECTED");
    assertThat(n1.realtime.isConnected(UserId.of("v1"))).isFalse();
  }

  @Test
  void presenceAndNotificationsReachOtherNodesInsideTheCompanyOnly() {
    InMemoryConnection commercialA1 = n1.connect("ca1", a, Role.COMMERCIAL);
    InMemoryConnection commercialA3 = n3.connect("ca3", a, Role.COMMERCIAL);
    InMemoryConnection commercialB = n3.connect("cb", b, Role.COMMERCIAL);
    InMemoryConnection visitor = n2.connect("v1", a, Role.VISITOR);

    for (InMemoryConnection c : List.of(commercialA1, commercialA3)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  c.events("visitor:connected").stream()
                      .anyMatch(d -> d.get("userId").asText().equals("v1")));
    }
    assertThat(n1.realtime.connectedUsers(a, Optional.of(Role.VISITOR)))
        .extracting(u -> u.userId().value())
        .containsExactly("v1");

    var role = n2.realtime.notifyRole(a, Role.COMMERCIAL, "lead:new", Map.of("lead", 7));
    assertThat(role.isOk()).isTrue();
    assertThat(role.value().deliveredConnections()).isEqualTo(2);
    var company = n1.realtime.notifyCompany(a, "promo", Map.of("x", 1));
    assertThat(company.value().deliveredConnections()).isGreaterThanOrEqualTo(3);
    var user = n3.realtime.notifyUser(a, UserId.of("v1"), "ping", Map.of());
    assertThat(user.value().deliveredConnections()).isEqualTo(1);

    for (InMemoryConnection c : List.of(commercialA1, commercialA3)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> c.events("lead:new").size() == 1 && c.events("promo").size() == 1);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> visitor.events("promo").size() == 1 && visitor.events("ping").size() == 1);
    assertThat(visitor.events("lead:new")).isEmpty();
    assertThat(commercialB.events("lead:new")).isEmpty();
    assertThat(commercialB.events("promo")).isEmpty();
    assertThat(commercialB.events("visitor:connected")).isEmpty();
  }

  @Test
  void aCommercialOnAnotherNodeIsAnnouncedToTheVisitor() {
    InMemoryConnection visitor = n2.connect("v1", a, Role.VISITOR);
    n1.connect("c1", a, Role.COMMERCIAL);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> visitor.events("commercial:connected").size() == 1);
  }

  @Test
  void aUserWhoMovesToAnotherNodeInsideTheGracePeriodNeverAppearsOffline() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection first = n2.connect("v1", a, Role.VISITOR);

    first.drop();
    InMemoryConnection second = n3.connect("v1", a, Role.VISITOR);
    // well past the grace period of n2, where the last socket closed
    await().pollDelay(GRACE.multipliedBy(3)).atMost(GRACE.multipliedBy(6)).until(() -> true);

    assertThat(
            n1.events(UserDisconnected.class).size()
                + n2.events(UserDisconnected.class).size()
                + n3.events(UserDisconnected.class).size())
        .isZero();
    assertThat(commercial.events("visitor:disconnected")).isEmpty();
    assertThat(n1.realtime.isConnected(UserId.of("v1"))).isTrue();
    assertThat(n2.events(UserConnected.class)).hasSize(1);
    assertThat(n3.events(UserConnected.class)).isEmpty();

    second.drop();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> commercial.events("visitor:disconnected").size() == 1);
    await().pollDelay(GRACE).atMost(GRACE.multipliedBy(4)).until(() -> true);
    assertThat(
            n1.events(UserDisconnected.class).size()
                + n2.events(UserDisconnected.class).size()
                + n3.events(UserDisconnected.class).size())
        .isEqualTo(1);
  }

  @Test
  void twoNodesCheckingTheSameUserAnnounceItOfflineOnce() {
    List<InMemoryConnection> tabs = new ArrayList<>();
    tabs.add(n1.connect("v1", a, Role.VISITOR));
    tabs.add(n2.connect("v1", a, Role.VISITOR));
    tabs.add(n3.connect("v1", a, Role.VISITOR));
    tabs.forEach(InMemoryConnection::drop);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                n1.events(UserDisconnected.class).size()
                        + n2.events(UserDisconnected.class).size()
                        + n3.events(UserDisconnected.class).size()
                    == 1);
    await().pollDelay(GRACE.multipliedBy(2)).atMost(GRACE.multipliedBy(4)).until(() -> true);
    assertThat(
            n1.events(UserDisconnected.class).size()
                + n2.events(UserDisconnected.class).size()
                + n3.events(UserDisconnected.class).size())
        .isEqualTo(1);
  }
}
