package io.realtimekit.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.testkit.contract.ConnectionRepositoryContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The core's repository contract against a real PostgreSQL started for this class. Every assertion
 * lives in {@link ConnectionRepositoryContract}; each test starts from empty tables.
 */
class JdbcConnectionRepositoryTest extends ConnectionRepositoryContract {
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
  protected ConnectionRepository newRepository() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM rtk_users"); // roles and connections follow (ON DELETE CASCADE)
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return store.connections();
  }
}
