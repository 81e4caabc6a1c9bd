package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.chat.OfflinePolicy;
import io.realtimekit.domain.event.ChatMessageKept;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offline inbox across two nodes and one real redis-server: a message kept on node 1 for an
 * offline user is handed to it when it connects to node 2, its receipt there reaches the sender on
 * node 1, and a later connect to node 1 gets nothing again.
 */
class ClusterOfflineInboxTest {
  static RedisServerProcess redis;
  static final AtomicLong ids = new AtomicLong();
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

  @BeforeEach
  void startNodes() {
    String prefix = "i" + UUID.randomUUID().toString().substring(0, 8) + ":";
    // a short grace period: the receiver is offline soon after its socket closes
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
                        Duration.ofMillis(100),
                        null,
                        Duration.ofSeconds(2),
                        b -> b.offlinePolicy(OfflinePolicy.KEEP)),
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
                        Duration.ofMillis(100),
                        null,
                        Duration.ofSeconds(2),
                        b -> b.offlinePolicy(OfflinePolicy.KEEP)),
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

  static long request(InMemoryConnection from, String event, String dataJson) {
    long id = ids.incrementAndGet();
    from.receive("{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"id\":" + id + "}");
    return id;
  }

  static JsonNode reply(InMemoryConnection c, long id) {
    await().atMost(Duration.ofSeconds(10)).until(() -> c.reply(id).isPresent());
    return c.reply(id).orElseThrow();
  }

  @Test
  void keptOnOneNodeDeliveredOnTheOtherAndAcknowledgedAcrossNodes() {
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    JsonNode sent =
        reply(
            sender,
            request(sender, "chat:message", "{\"to\":\"v1\",\"message\":\"see you later\"}"));
    assertThat(sent.path("ok").asBoolean()).as("%s", sent).isTrue();
    assertThat(sent.path("data").path("pending").asBoolean()).isTrue();
    String id = sent.path("data").path("id").asText();
    assertThat(n1.events(ChatMessageKept.class))
        .extracting(ChatMessageKept::messageId)
        .containsExactly(id);

    InMemoryConnection receiver = n2.connect("v1", company, Role.VISITOR);
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.events("chat:message").isEmpty());
    List<JsonNode> got = receiver.events("chat:message");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).path("id").asText()).isEqualTo(id);
    assertThat(got.get(0).path("message").asText()).isEqualTo("see you later");
    assertThat(got.get(0).path("from").asText()).isEqualTo("c1");

    JsonNode ack = reply(receiver, request(receiver, "chat:delivered", "{\"id\":\"" + id + "\"}"));
    assertThat(ack.path("ok").asBoolean()).as("%s", ack).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !sender.events("chat:delivered").isEmpty());
    JsonNode receipt = sender.events("chat:delivered").get(0);
    assertThat(receipt.path("id").asText()).isEqualTo(id);
    assertThat(receipt.path("by").asText()).isEqualTo("v1");

    // acknowledged: a later connect, on either node, gets nothing
    receiver.drop();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !n1.realtime.isConnected(io.realtimekit.domain.UserId.of("v1")));
    InMemoryConnection again = n1.connect("v1", company, Role.VISITOR);
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(again.events("chat:message")).isEmpty();
  }
}
