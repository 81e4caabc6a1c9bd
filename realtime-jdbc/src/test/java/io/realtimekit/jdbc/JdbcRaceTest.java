package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicies;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one database, each with its own pool: the offline check raced on both, and
 * compare-and-set conflicts on a sales floor.
 */
class JdbcRaceTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  private static final AssignmentPolicy LEAST = AssignmentPolicies.leastLoaded();

  static PostgresProcess pg;
  static HikariDataSource poolA;
  static HikariDataSource poolB;
  static JdbcRepositories nodeA;
  static JdbcRepositories nodeB;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    poolA = Pools.pool(pg, 4);
    poolB = Pools.pool(pg, 4);
    nodeA = JdbcRepositories.builder(poolA).build();
    nodeB = JdbcRepositories.builder(poolB).build();
    nodeA.migrate();
  }

  @AfterAll
  static void stopPostgres() {
    for (HikariDataSource pool : new HikariDataSource[] {poolA, poolB}) {
      if (pool != null) {
        pool.close();
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  @Timeout(120)
  void theOfflineCheckRacedOnTwoNodesGivesTheUserToExactlyOne() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 50; round++) {
        ConnectionUser user =
            ConnectionUser.create(
                UserId.of("racer-" + round + "-" + UUID.randomUUID()),
                company,
                Set.of(Role.COMMERCIAL));
        ConnectionId socket = ConnectionId.random();
        user = user.connect(new Connection(socket, NodeId.of("node-a"), T)).value().user();
        ConnectionUser gone = user.disconnect(socket, T.plusSeconds(1)).value().user();
        nodeA.connections().save(gone);

        CountDownLatch go = new CountDownLatch(1);
        Future<Optional<ConnectionUser>> onA =
            threads.submit(
                () -> {
                  go.await();
                  return nodeA.connections().removeIfDisconnected(gone.userId());
                });
        Future<Optional<ConnectionUser>> onB =
            threads.submit(
                () -> {
                  go.await();
                  return nodeB.connections().removeIfDisconnected(gone.userId());
                });
        go.countDown();
        Optional<ConnectionUser> a = onA.get(20, TimeUnit.SECONDS);
        Optional<ConnectionUser> b = onB.get(20, TimeUnit.SECONDS);

        assertThat(a.isPresent() ^ b.isPresent())
            .as("round %s: exactly one winner (a=%s, b=%s)", round, a, b)
            .isTrue();
        assertThat(a.or(() -> b)).contains(gone);
        assertThat(nodeB.connections().findOne(Criteria.byUserId(gone.userId()))).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aUserWhoReconnectedOnAnotherNodeIsNotRemoved() {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    ConnectionUser user =
        ConnectionUser.create(
            UserId.of("back-" + UUID.randomUUID()), company, Set.of(Role.VISITOR));
    ConnectionId first = ConnectionId.random();
    user = user.connect(new Connection(first, NodeId.of("node-a"), T)).value().user();
    ConnectionUser gone = user.disconnect(first, T.plusSeconds(1)).value().user();
    nodeA.connections().save(gone);
    // node B sees the user come back before node A's grace period ends
    ConnectionUser back =
        gone.connect(new Connection(ConnectionId.random(), NodeId.of("node-b"), T.plusSeconds(2)))
            .value()
            .user();
    nodeB.connections().save(back);

    assertThat(nodeA.connections().removeIfDisconnected(gone.userId())).isEmpty();
    assertThat(nodeA.connections().findOne(Criteria.byUserId(gone.userId()))).contains(back);
  }

  @Test
  void aFloorChangedByAnotherNodeMeanwhileIsChangedAgainOnTheFresherFloor() throws SQLException {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    AtomicInteger calls = new AtomicInteger();

    // node A's change runs; while it does, node B creates the floor and seats c2: A's insert loses
    Result<SalesFloor.Change> result =
        nodeA
            .salesFloors()
            .update(
                company,
                floor -> {
                  if (calls.incrementAndGet() == 1) {
                    assertThat(
                            nodeB
                                .salesFloors()
                                .update(
                                    company,
                                    f ->
                                        Result.ok(
                                            f.commercialAvailable(UserId.of("c2"), 2, LEAST, T)))
                                .isOk())
                        .isTrue();
                  }
                  return Result.ok(floor.commercialAvailable(UserId.of("c1"), 2, LEAST, T));
                });

    assertThat(result.isOk()).isTrue();
    assertThat(calls).hasValue(2);
    SalesFloor stored = nodeB.salesFloors().load(company);
    assertThat(stored.seat(UserId.of("c1"))).isPresent();
    assertThat(stored.seat(UserId.of("c2"))).isPresent();
    assertThat(version(company)).isEqualTo(2);

    // the same with a row present: B's update bumps the version under A's compare-and-set
    calls.set(0);
    result =
        nodeA
            .salesFloors()
            .update(
                company,
                floor -> {
                  if (calls.incrementAndGet() == 1) {
                    nodeB
                        .salesFloors()
                        .update(
                            company, f -> Result.ok(f.visitorArrived(UserId.of("v1"), LEAST, T)));
                  }
                  return Result.ok(floor.visitorArrived(UserId.of("v2"), LEAST, T));
                });
    assertThat(result.isOk()).isTrue();
    assertThat(calls).hasValue(2);
    stored = nodeA.salesFloors().load(company);
    assertThat(stored.assignmentOf(UserId.of("v1"))).isPresent();
    assertThat(stored.assignmentOf(UserId.of("v2"))).isPresent();
    assertThat(stored.assignmentOf(UserId.of("v1")))
        .isNotEqualTo(stored.assignmentOf(UserId.of("v2")));
    assertThat(version(company)).isEqualTo(4);
  }

  @Test
  void aChangeThatFailsOnTheFresherFloorStoresNothing() throws SQLException {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    UserId c1 = UserId.of("c1");
    UserId v1 = UserId.of("v1");
    nodeA.salesFloors().update(company, f -> Result.ok(f.commercialAvailable(c1, 1, LEAST, T)));
    nodeA
        .salesFloors()
        .update(company, f -> Result.ok(f.visitorArrived(UserId.of("v0"), LEAST, T)));
    nodeA.salesFloors().update(company, f -> Result.ok(f.visitorArrived(v1, LEAST, T)));
    nodeA.salesFloors().update(company, f -> Result.ok(f.commercialAvailable(c1, 2, LEAST, T)));
    long before = version(company);
    AtomicInteger calls = new AtomicInteger();

    // c1 holds v0 and v1. A's first try seats c9, but meanwhile B releases v1, so A's
    // compare-and-set fails; on the fresher floor A's change (release v1) fails: nothing of A's is
    // stored
    Result<SalesFloor.Change> result =
        nodeA
            .salesFloors()
            .update(
                company,
                floor -> {
                  if (calls.incrementAndGet() == 1) {
                    nodeB.salesFloors().update(company, f -> f.release(v1, LEAST, T));
                    return Result.ok(floor.commercialAvailable(UserId.of("c9"), 1, LEAST, T));
                  }
                  return floor.release(v1, LEAST, T);
                });

    assertThat(result.isOk()).isFalse();
    assertThat(calls).hasValue(2);
    assertThat(version(company)).isEqualTo(before + 1);
    assertThat(nodeA.salesFloors().load(company).seat(UserId.of("c9"))).isEmpty();
  }

  @Test
  @Timeout(120)
  void manyWritersOnTwoNodesLoseNoVisitor() throws Exception {
    CompanyId company = CompanyId.of(UUID.randomUUID());
    nodeA
        .salesFloors()
        .update(company, f -> Result.ok(f.commercialAvailable(UserId.of("c1"), 1000, LEAST, T)));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> tasks = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    int visitors = 200;
    try {
      for (int i = 0; i < visitors; i++) {
        UserId v = UserId.of("v" + i);
        JdbcRepositories node = i % 2 == 0 ? nodeA : nodeB;
        tasks.add(
            threads.submit(
                () -> {
                  go.await();
                  assertThat(
                          node.salesFloors()
                              .update(company, f -> Result.ok(f.visitorArrived(v, LEAST, T)))
                              .isOk())
                      .isTrue();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : tasks) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    SalesFloor floor = nodeB.salesFloors().load(company);
    assertThat(floor.seat(UserId.of("c1")).orElseThrow().visitors())
        .hasSize(visitors)
        .doesNotHaveDuplicates();
    assertThat(version(company)).as("one version per stored change").isEqualTo(1 + visitors);
  }

  private static long version(CompanyId company) throws SQLException {
    try (java.sql.Connection c = poolA.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT version FROM rtk_sales_floors WHERE company_id = ?")) {
      s.setString(1, company.toString());
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }
}
