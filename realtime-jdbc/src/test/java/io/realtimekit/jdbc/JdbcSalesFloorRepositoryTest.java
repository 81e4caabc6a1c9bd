package io.realtimekit.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.testkit.contract.SalesFloorRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sales floor contract against a real PostgreSQL started for this class; the second view is a
 * repository on a second pool, as a second node would hold. Every assertion lives in {@link
 * SalesFloorRepositoryContract}.
 */
class JdbcSalesFloorRepositoryTest extends SalesFloorRepositoryContract {
  static PostgresProcess pg;
  static HikariDataSource firstPool;
  static HikariDataSource secondPool;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresProcess.startNew();
    firstPool = Pools.pool(pg, 4);
    secondPool = Pools.pool(pg, 4);
    JdbcSchema.migrate(firstPool);
  }

  @AfterAll
  static void stopPostgres() {
    for (HikariDataSource pool : new HikariDataSource[] {firstPool, secondPool}) {
      if (pool != null) {
        pool.close();
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  protected SalesFloorRepository newRepository() {
    return JdbcRepositories.builder(firstPool).build().salesFloors();
  }

  @Override
  protected SalesFloorRepository newSecondView(SalesFloorRepository first) {
    return JdbcRepositories.builder(secondPool).build().salesFloors();
  }
}
