package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped (data lost, as without persistence) and started again: chat fails with UNAVAILABLE
 * and is never acknowledged, same-node chat included (with recovery on, the default, a message that
 * cannot be kept in the receiver's stream is refused), and the nodes re-register by themselves;
 * every acknowledged message was received.
 */
class RedisOutageTest {
  static final AtomicLong ids = new AtomicLong();

  RedisServerProcess redis;
  ClusterNode n1;
  ClusterNode n2;
  CompanyId a = CompanyId.of(UUID.randomUUID());

  @BeforeEach
  void start() {
    redis = RedisServerProcess.startNew();
    n1 =
        new ClusterNode(
            redis.uri(), "o1", "o:", Duration.ofSeconds(2), Duration.ofSeconds(1), null);
    n2 =
        new ClusterNode(
            redis.uri(), "o2", "o:", Duration.ofSeconds(2), Duration.ofSeconds(1), null);
  }

  @AfterEach
  void stop() {
    n1.close();
    n2.close();
    redis.stop();
  }

  record Sent(InMemoryConnection to, String text, long id, InMemoryConnection from) {}

  static Sent send(InMemoryConnection from, String to, InMemoryConnection toSocket, String text) {
    long id = ids.incrementAndGet();
    from.receive(
        "{\"event\":\"chat:message\",\"data\":{\"to\":\""
            + to
            + "\",\"message\":\""
            + text
            + "\"},\"id\":"
            + id
            + "}");
    return new Sent(toSocket, text, id, from);
  }

  static JsonNode reply(Sent s) {
    await().atMost(Duration.ofSeconds(5)).until(() -> s.from().reply(s.id()).isPresent());
    return s.from().reply(s.id()).orElseThrow();
  }

  @Test
  void anOutageFailsCrossNodeSendsLoudlyAndTheNodesRecoverByThemselves() {
    InMemoryConnection commercial = n1.connect("c1", a, Role.COMMERCIAL);
    InMemoryConnection localVisitor = n1.connect("v-local", a, Role.VISITOR);
    InMemoryConnection remoteVisitor = n2.connect("v-remote", a, Role.VISITOR);
    List<InMemoryConnection> receivers = List.of(localVisitor, remoteVisitor);
    int acknowledged = 0;
    int refused = 0;
    Set<String> acked = new HashSet<>();

    for (int i = 0; i < 20; i++) {
      for (Sent s :
          List.of(
              send(commercial, "v-local", localVisitor, "before-l" + i),
              send(commercial, "v-remote", remoteVisitor, "before-r" + i))) {
        assertThat(reply(s).get("ok").asBoolean()).isTrue();
        acked.add(s.text());
        acknowledged++;
      }
    }

    redis.stop();
    for (int i = 0; i < 20; i++) {
      // with recovery on (the default), a message that cannot be kept in the receiver's stream is
      // not acknowledged, even to a receiver on the sender's node: acknowledged means kept
      Sent local = send(commercial, "v-local", localVisitor, "during-l" + i);
      JsonNode lr = reply(local);
      assertThat(lr.get("ok").asBoolean()).as("same-node chat during the outage: %s", lr).isFalse();
      assertThat(lr.path("error").path("code").asText()).isEqualTo("UNAVAILABLE");
      assertThat(localVisitor.events("chat:message"))
          .noneMatch(m -> m.get("message").asText().equals(local.text()));
      refused++;
      Sent remote = send(commercial, "v-remote", remoteVisitor, "during-r" + i);
      JsonNode rr = reply(remote);
      if (rr.get("ok").asBoolean()) {
        acked.add(remote.text());
        acknowledged++;
      } else {
        assertThat(rr.path("error").path("code").asText()).isEqualTo("UNAVAILABLE");
        refused++;
      }
    }
    assertThat(refused).as("sends refused during the outage").isEqualTo(40);

    redis.start();
    // the nodes re-register their users and subscriptions by themselves
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Sent probe = send(commercial, "v-remote", remoteVisitor, "probe");
              return reply(probe).get("ok").asBoolean();
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> n2.realtime.connectedUsers(a, Optional.empty()).size() == 3);
    assertThat(n2.realtime.isConnected(UserId.of("v-local"))).isTrue();
    for (int i = 0; i < 20; i++) {
      for (Sent s :
          List.of(
              send(commercial, "v-local", localVisitor, "after-l" + i),
              send(remoteVisitor, "c1", commercial, "after-r" + i))) {
        assertThat(reply(s).get("ok").asBoolean()).as("after recovery").isTrue();
        acked.add(s.text());
        acknowledged++;
      }
    }

    Set<String> received = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              received.clear();
              for (InMemoryConnection c : List.of(localVisitor, remoteVisitor, commercial)) {
                c.events("chat:message").forEach(m -> received.add(m.get("message").asText()));
              }
              return received.containsAll(acked);
            });
    System.out.println(
        "acknowledged "
            + acknowledged
            + ", received "
            + acked.stream().filter(received::contains).count()
            + ", refused with UNAVAILABLE "
            + refused);
    assertThat(acked).hasSize(acknowledged);
    assertThat(received).containsAll(acked);
    assertThat(receivers).allSatisfy(r -> assertThat(r.closeCode()).isNull());
  }
}
