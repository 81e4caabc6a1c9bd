package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master of a Redis Cluster (3 masters, one replica each) killed during chat traffic between two
 * nodes: its replica takes over (cluster node timeout 1 s), and meanwhile
 *
 * <ul>
 *   <li>every refusal the sender gets is {@code UNAVAILABLE};
 *   <li>no acknowledged message is lost: each one reached the receiver, and those kept before and
 *       after the outage are recovered, in the same epoch, by a reconnection with {@code recover}
 *       (those kept before once the replica had them: Redis replication is asynchronous);
 *   <li>the nodes recover without help: chat works again, with no restart of any node.
 * </ul>
 *
 * The killed master holds the receiver's event stream and its user channel (the company is chosen
 * so); the registry (tag {@code {r}}) is on another master. A kill, not a {@code CLUSTER FAILOVER}:
 * a real outage, with refusals, and the replica is promoted without the old master's consent.
 */
class RedisClusterFailoverTest {
  @RegisterExtension static final RedisClusterExtension redis = new RedisClusterExtension(3, 1);

  static final AtomicLong ids = new AtomicLong();
  ClusterNode n1;
  ClusterNode n2;

  @AfterEach
  void stopNodes() {
    for (ClusterNode n : new ClusterNode[] {n1, n2}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void aMasterKilledDuringChatFailsOverWithoutLosingAnAcknowledgedMessage() {
    RedisClusterProcess cluster = redis.cluster();
    String prefix;
    Keys keys;
    UserId v1 = UserId.of("v1");
    // the masters by slot, as the client sees them
    Partitions partitions = redis.connection().getPartitions();
    int[] masters = new int[SlotHash.SLOT_COUNT];
    for (int slot = 0; slot < masters.length; slot++) {
      masters[slot] = partitions.getMasterBySlot(slot).getUri().getPort();
    }
    int registry = masters[SlotHash.getSlot(new Keys("f:").nodes())]; // {r}: any prefix
    CompanyId company;
    int victim;
    int attempts = 0;
    do {
      assertThat(attempts++)
          .as("a company whose user v1 fits; registry on %d, masters %s", registry, partitions)
          .isLessThan(1_000);
      // a new prefix too: the channel's slot is the stream's slot XOR a constant of the prefix
      // (CRC16 is linear), so with some prefixes no company fits
      prefix = "f" + UUID.randomUUID().toString().substring(0, 8) + ":";
      keys = new Keys(prefix);
      company = CompanyId.of(UUID.randomUUID());
      victim = masters[SlotHash.getSlot(keys.streamMeta(company, v1))];
    } while (victim == registry
        || victim != masters[SlotHash.getSlot(keys.userChannel(company, v1))]);
    List<Integer> replicas = cluster.replicasOf(victim);
    assertThat(replicas).hasSize(1);

    n1 = node("n1", prefix);
    n2 = node("n2", prefix);
    InMemoryConnection sender = n1.connect("c1", company, Role.COMMERCIAL);
    InMemoryConnection receiver = n2.connect("v1", company, Role.VISITOR);
    JsonNode start = ClusterContinuityTest.connected(receiver);
    String epoch = start.path("epoch").asText();
    long startOffset = start.path("offset").asLong();

    Set<String> acknowledged = new LinkedHashSet<>();
    Set<String> keptBefore = new LinkedHashSet<>();
    Set<String> keptAfter = new LinkedHashSet<>();
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String text = "before " + i;
      JsonNode r = chat(sender, text);
      assertThat(r.path("ok").asBoolean()).as("%s", r).isTrue();
      acknowledged.add(text);
      keptBefore.add(text);
    }

    // replication is asynchronous: what the master acknowledged but had not yet sent to its
    // replica when it crashed is lost (a run on a loaded machine lost the receiver's stream so,
    // and recover then answered EPOCH_CHANGED). The guarantee shown is for replicated writes.
    cluster.awaitReplicated(victim, Duration.ofSeconds(10));
    cluster.kill(victim);
    long killedAt = System.nanoTime();
    int okInARow = 0;
    long outageMillis = -1;
    for (int i = 0; okInARow < 20; i++) {
      assertThat(System.nanoTime() - killedAt)
          .as("chat works again within 60 s")
          .isLessThan(Duration.ofSeconds(60).toNanos());
      String text = "during " + i;
      JsonNode r = chat(sender, text);
      if (r.path("ok").asBoolean()) {
        acknowledged.add(text);
        if (!refusals.isEmpty()) {
          okInARow++;
          if (okInARow == 1) {
            outageMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
          }
          keptAfter.add(text);
        }
      } else {
        refusals.add(r.path("error").path("code").asText() + " " + r.path("error"));
        okInARow = 0;
        keptAfter.clear();
      }
      pause();
    }
    System.out.printf(
        "failover: %d refusals, chat back after %d ms, %d acknowledged%n",
        refusals.size(), outageMillis, acknowledged.size());
    assertThat(refusals).as("the outage was seen").isNotEmpty();
    assertThat(refusals).allSatisfy(r -> assertThat(r).startsWith("UNAVAILABLE "));
    assertThat(cluster.isMaster(replicas.get(0))).as("the replica took over").isTrue();

    // every acknowledged message reached the receiver
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(texts(receiver)).containsAll(acknowledged));

    // and the kept ones are recovered, in the same epoch, on the other node; or, when the promoted
    // replica lacks the stream (asynchronous replication: seen in full builds on a loaded machine
    // even after awaitReplicated), recover says so with EPOCH_CHANGED and a new epoch, never
    // recovered:true with a gap (the README's failover guarantees)
    receiver.drop();
    InMemoryConnection again = recover(n1, company, epoch, startOffset);
    JsonNode c = ClusterContinuityTest.connected(again);
    if (!c.path("recovered").asBoolean()) {
      assertThat(c.path("reason").asText()).as("%s", c).isEqualTo("EPOCH_CHANGED");
      assertThat(c.path("epoch").asText()).as("%s", c).isNotEqualTo(epoch);
      System.out.println("failover: the promoted replica had lost the stream (EPOCH_CHANGED)");
      return;
    }
    assertThat(c.path("epoch").asText()).isEqualTo(epoch);
    List<String> recovered = texts(again);
    assertThat(recovered).containsAll(keptBefore).containsAll(keptAfter);
    assertThat(recovered).doesNotHaveDuplicates();
  }

  ClusterNode node(String id, String prefix) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                new ClusterNode(
                    redis.uri(),
                    id,
                    prefix,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    null,
                    Duration.ofSeconds(1),
                    b -> b.eventsPerSecond(5_000).eventBurst(5_000)),
            n -> n != null);
  }

  static JsonNode chat(InMemoryConnection from, String text) {
    long id = ids.incrementAndGet();
    from.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\"v1\",\"message\":\""
            + text
            + "\"},\"id\":"
            + id
            + "}");
    await().atMost(Duration.ofSeconds(10)).until(() -> from.reply(id).isPresent());
    return from.reply(id).orElseThrow();
  }

  static List<String> texts(InMemoryConnection c) {
    return c.events("chat:message").stream().map(m -> m.path("message").asText()).toList();
  }

  InMemoryConnection recover(ClusterNode node, CompanyId company, String epoch, long offset) {
    InMemoryConnection c = InMemoryConnection.open(node.realtime.transport());
    String token =
        ClusterNode.ISSUER.issue(
            UserId.of("v1"), company, Set.of(Role.VISITOR), Duration.ofHours(1), Map.of());
    c.receive(
        "{\"type\":\"connect\",\"token\":\""
            + token
            + "\",\"recover\":{\"epoch\":\""
            + epoch
            + "\",\"offset\":"
            + offset
            + "}}");
    await().atMost(Duration.ofSeconds(10)).until(() -> ClusterContinuityTest.connected(c) != null);
    return c;
  }

  /** 20 ms between two messages (a steady trickle, not a flood of refusals). */
  static void pause() {
    await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> true);
  }
}
