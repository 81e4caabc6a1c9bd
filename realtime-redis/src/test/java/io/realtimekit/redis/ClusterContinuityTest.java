package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
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

  @BeforeEach
  void startNodes() {
    String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + ":";
    // the sender fires 500 messages at once: above the default rate limit. The nodes connect with
    // a 500 ms timeout, which a loaded machine can miss right after the restart test: retried
    n1 = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> new ClusterNode(redis.uri(), "node-1",
        prefix, Duration.ofSeconds(5), Duration.ofSeconds(10), null, b -> b.eventsPerSecond(5_000).eventBurst(5_000)),
        n -> n != null);
    n2 = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> new ClusterNode(redis.uri(), "node-2",
        prefix, Duration.ofSeconds(5), Duration.ofSeconds(10), null, b -> b.eventsPerSecond(5_000).eventBurst(5_000)),
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
    return ClusterNode.ISSUER.issue(UserId.of(user), company, Set.of(role), Duration.ofHours(1), Map.of());
  }

  InMemoryConnection recover(ClusterNode node, String user, Role role, String epoch, long offset) {
    InMemoryConnection c = InMemoryConnection.open(node.realtime.transport());
    c.receive("{\"type\":\"connect\",\"token\":\"" + token(user, role) + "\",\"recover\":{\"epoch\":\"" + epoch
        + "\",\"offset\":" + offset + "}}");
    await().atMost(Duration.ofSeconds(10)).until(() -> connected(c) != null);
    return c;
  }

  static JsonNode connected(InMemoryConnection c) {
    return c.frames().stream().filter(f -> "connected".equals(f.path("type").asText())).findFirst()
        .map(f -> f.get("data")).orElse(null);
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

    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      for (int i = 1; i <= total; i++) {
        sender.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"" + (i - 1) + "\"},\"id\":" + i + "}");
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
    assertThat(ids).as("every acknowledged message arrived").containsExactlyElementsOf(acknowledged);
  }

  @Test
  void aRedisRestartWithoutPersistenceChangesTheEpoch() {
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    InMemoryConnection receiver = n2.connect("v1", company, Role.VISITOR);
    String epoch = connected(receiver).path("epoch").asText();
    sender.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"hi\"},\"id\":1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(receiver).size() == 1);
    long offset = lastOffset(receiver);

    redis.stop();
    redis.start();
    // the nodes write their users back by themselves; then a message is kept in a new epoch and
    // delivered live (its frame carries only the offset: the client cannot tell the epoch changed)
    AtomicLong id = new AtomicLong(1);
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
      long n = id.incrementAndGet();
      sender.receive("{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\"after\"},\"id\":" + n + "}");
      await().atMost(Duration.ofSeconds(3)).until(() -> sender.reply(n).isPresent());
      return sender.reply(n).get().path("ok").asBoolean();
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(receiver).size() == 2);
    receiver.drop();

    InMemoryConnection again = recover(n1, "v1", Role.VISITOR, epoch, Math.max(offset, lastOffset(receiver)));
    JsonNode c = connected(again);
    assertThat(c.path("recovered").asBoolean()).as("%s", c).isFalse();
    assertThat(c.path("reason").asText()).isEqualTo("EPOCH_CHANGED");
    assertThat(c.path("epoch").asText()).isNotEqualTo(epoch);
    assertThat(messages(again)).isEmpty();
  }
}
