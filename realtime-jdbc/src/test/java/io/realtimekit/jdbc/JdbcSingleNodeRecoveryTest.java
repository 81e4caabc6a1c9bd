package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.Realtime;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ConnectionClosed;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.infrastructure.auth.JwtTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A single node restarted on a durable store: the rows its killed run left are swept at start-up
 * by {@link SingleNodeRecovery}, with the domain events a clean shutdown would have raised, so no
 * ghost stays online.
 */
class JdbcSingleNodeRecoveryTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  static PostgresProcess pg;
  static HikariDataSource pool;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 4);
    JdbcSchema.migrate(pool);
  }

  @AfterAll
  static void stopPostgres() {
    if (pool != null) {
      pool.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void theRowsOfAKilledRunAreSweptAtStartUp() {
    JdbcRepositories store = JdbcRepositories.builder(pool).build();
    CompanyId company = CompanyId.of(UUID.randomUUID());
    NodeId killedRun = NodeId.of("run-" + UUID.randomUUID().toString().substring(0, 8));
    // what the killed run left: a commercial with two sockets, a visitor with one, and a visitor
    // whose last socket had closed (its grace period was running when the node died)
    ConnectionUser commercial = user("agent", company, Role.COMMERCIAL, killedRun, 2);
    ConnectionUser visitor = user("visitor", company, Role.VISITOR, killedRun, 1);
    ConnectionUser leavingOnline = user("leaving", company, Role.VISITOR, killedRun, 1);
    ConnectionUser leaving = leavingOnline.disconnect(leavingOnline.connections().iterator().next().id(),
        T.plusSeconds(5)).value().user();
    for (ConnectionUser u : List.of(commercial, visitor, leaving)) {
      store.connections().save(u);
    }

    List<UserDisconnected> offline = new CopyOnWriteArrayList<>();
    List<ConnectionClosed> closed = new CopyOnWriteArrayList<>();
    try (Realtime realtime = Realtime.builder()
        .tokenVerifier(JwtTokenVerifier.hmac("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))
            .build())
        .repository(store.connections())
        .gracePeriod(Duration.ofMillis(300))
        .build()) {
      realtime.subscribe(UserDisconnected.class, offline::add);
      realtime.subscribe(ConnectionClosed.class, closed::add);
      realtime.start();
      assertThat(realtime.isConnected(commercial.userId())).as("a ghost before the sweep").isTrue();

      SingleNodeRecovery.Sweep sweep = SingleNodeRecovery.sweepPreviousRuns(realtime, store.connections());

      assertThat(sweep).isEqualTo(new SingleNodeRecovery.Sweep(2, 1));
      assertThat(closed).hasSize(3).allSatisfy(e -> assertThat(e.nodeId()).isEqualTo(killedRun));
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(offline).extracting(UserDisconnected::userId)
              .containsExactlyInAnyOrder(commercial.userId(), visitor.userId(), leaving.userId()));
      assertThat(store.connections().find(Criteria.inCompany(company))).isEmpty();
      assertThat(store.connections().nodeIds()).doesNotContain(killedRun);
      assertThat(realtime.isConnected(commercial.userId())).isFalse();

      // a second sweep finds nothing left
      assertThat(SingleNodeRecovery.sweepPreviousRuns(realtime, store.connections()))
          .isEqualTo(new SingleNodeRecovery.Sweep(0, 0));
    }
  }

  private static ConnectionUser user(String name, CompanyId company, Role role, NodeId node, int sockets) {
    ConnectionUser u = ConnectionUser.create(UserId.of(name + "-" + UUID.randomUUID()), company, Set.of(role));
    for (int i = 0; i < sockets; i++) {
      u = u.connect(new Connection(ConnectionId.random(), node, T.plusSeconds(i))).value().user();
    }
    return u;
  }
}
