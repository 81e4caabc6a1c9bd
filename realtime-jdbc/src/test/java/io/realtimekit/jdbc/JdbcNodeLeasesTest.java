package io.realtimekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.domain.NodeId;
import io.realtimekit.testkit.contract.NodeLeasesContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's node lease contract against a real PostgreSQL started for this class, plus what only
 * the table shows: the claim records its sweeper, and the stored expiry is the database's time.
 */
class JdbcNodeLeasesTest extends NodeLeasesContract {
  static PostgresProcess pg;
  static HikariDataSource pool;
  static JdbcRepositories store;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    pool = Pools.pool(pg, 10);
    store = JdbcRepositories.builder(pool).build();
    store.migrate();
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

  @Override
  protected NodeLeases newLeases() {
    return store.nodeLeases();
  }

  @Test
  void aClaimRecordsItsSweeperUntilTheNodeIsForgotten() {
    NodeId dead = NodeId.of("dead-" + UUID.randomUUID().toString().substring(0, 8));
    NodeId sweeper = NodeId.of("sweeper-" + UUID.randomUUID().toString().substring(0, 8));
    JdbcNodeLeases leases = store.nodeLeases();
    leases.renew(dead, Duration.ofSeconds(30));
    leases.release(dead);
    assertThat(leases.sweeper(dead)).isEmpty();

    assertThat(leases.claimSweep(dead, sweeper, Duration.ofSeconds(30))).isTrue();
    assertThat(leases.sweeper(dead)).contains(sweeper);

    leases.forget(dead);
    assertThat(leases.sweeper(dead)).isEmpty();
    assertThat(leases.lapsed()).doesNotContain(dead);
  }
}
