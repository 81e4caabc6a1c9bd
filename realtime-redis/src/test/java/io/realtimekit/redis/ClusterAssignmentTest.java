package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.Seat;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.testing.InMemoryConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commercials and visitors on three nodes, connecting at once: one floor, every invariant kept. */
class ClusterAssignmentTest {
  RedisServerProcess redis;
  List<ClusterNode> nodes = new ArrayList<>();
  CompanyId a = CompanyId.of(UUID.randomUUID());

  @BeforeEach
  void start() {
    redis = RedisServerProcess.startNew();
    for (String id : List.of("a1", "a2", "a3")) {
      nodes.add(
          new ClusterNode(
              redis.uri(),
              id,
              "as:",
              Duration.ofSeconds(2),
              Duration.ofMillis(300),
              AssignmentPolicies.leastLoaded()));
    }
  }

  @AfterEach
  void stop() {
    nodes.forEach(ClusterNode::close);
    redis.stop();
  }

  @Test
  void visitorsAndCommercialsOnDifferentNodesShareOneConsistentFloor() throws Exception {
    for (int i = 0; i < 3; i++) {
      nodes.get(i).connect("c" + i, a, Role.COMMERCIAL, Map.of("maxChats", 2));
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<InMemoryConnection>> visitors = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        ClusterNode node = nodes.get(i % 3);
        String name = "v" + i;
        visitors.add(pool.submit(() -> node.connect(name, a, Role.VISITOR)));
      }
      for (Future<InMemoryConnection> f : visitors) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // assignment runs on each node's assignment executor, after the connects were acknowledged
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SalesFloor floor = nodes.get(0).engine.salesFloors().load(a);
              Set<UserId> placed = new HashSet<>(floor.queue());
              int assigned = 0;
              for (Seat s : floor.seats()) {
                assertThat(s.visitors().size()).isLessThanOrEqualTo(2);
                assigned += s.visitors().size();
                placed.addAll(s.visitors());
              }
              assertThat(assigned).isEqualTo(6);
              assertThat(floor.queue()).hasSize(4);
              assertThat(placed).hasSize(10);
              int events = 0;
              for (ClusterNode n : nodes) {
                events += n.events(VisitorAssigned.class).size();
              }
              assertThat(events)
                  .as("one VisitorAssigned per assignment, cluster-wide")
                  .isEqualTo(6);
            });

    // a commercial leaves: its visitors go back to the queue's front, none to an offline commercial
    InMemoryConnection gone = nodes.get(1).connect("c1", a, Role.COMMERCIAL, Map.of("maxChats", 2));
    gone.drop();
    nodes.get(1).realtime.kick(a, UserId.of("c1"), "bye");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> nodes.get(2).engine.salesFloors().load(a).seat(UserId.of("c1")).isEmpty());
    SalesFloor after = nodes.get(2).engine.salesFloors().load(a);
    assertThat(after.seats())
        .extracting(s -> s.commercialId().value())
        .containsExactlyInAnyOrder("c0", "c2");
    assertThat(after.seats().stream().mapToInt(Seat::load).sum() + after.queue().size())
        .isEqualTo(10);
  }
}
