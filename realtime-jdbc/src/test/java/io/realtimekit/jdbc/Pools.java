package io.realtimekit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** HikariCP pools on a {@link PostgresProcess}, set up as the README advises. */
final class Pools {
  private Pools() {}

  /**
   * A pool of up to {@code size} connections; waiting for a connection gives up after {@code
   * connectionTimeout}.
   */
  static HikariDataSource pool(PostgresProcess pg, int size, Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl());
    config.setUsername(pg.user());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 1_000));
    config.setPoolName("rtk-test-" + pg.port());
    // the driver's own bound on opening a socket, below the pool's wait
    config.addDataSourceProperty("connectTimeout", "2");
    return new HikariDataSource(config);
  }

  /** A pool of up to {@code size} connections, 5 s connection timeout. */
  static HikariDataSource pool(PostgresProcess pg, int size) {
    return pool(pg, size, Duration.ofSeconds(5));
  }
}
