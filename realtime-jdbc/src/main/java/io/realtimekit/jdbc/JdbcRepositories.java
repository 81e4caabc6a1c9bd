package io.realtimekit.jdbc;

import io.realtimekit.domain.RepositoryUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The repositories of this module on one {@link DataSource}, configured once:
 *
 * <pre>{@code
 * JdbcRepositories store = JdbcRepositories.builder(dataSource)
 *     .queryTimeout(Duration.ofSeconds(5))   // default 5 s
 *     .tablePrefix("rtk_")                   // default "rtk_"
 *     .schema("realtime")                    // default: the connection's current schema
 *     .build();
 * store.migrate();                           // or JdbcSchema.migrate(dataSource), or Flyway
 * Realtime.builder().repository(store.connections()).salesFloors(store.salesFloors())
 *     .nodeLeases(store.nodeLeases())...
 * }</pre>
 *
 * <p>The {@code DataSource} is the application's (a pool such as HikariCP, with its driver): this
 * module never closes it. Its connection timeout bounds how long a call waits for a connection when
 * the database is down; keep it near the query timeout, since both end in {@link
 * RepositoryUnavailableException}.
 */
public final class JdbcRepositories {
  private final DataSource dataSource;
  private final TableNames names;
  private final JdbcConnectionRepository connections;
  private final JdbcSalesFloorRepository salesFloors;
  private final JdbcNodeLeases nodeLeases;

  private JdbcRepositories(Builder b) {
    this.dataSource = b.dataSource;
    this.names = TableNames.of(b.schema, b.tablePrefix);
    this.connections =
        new JdbcConnectionRepository(
            new JdbcStore(b.dataSource, b.queryTimeout, "connection store"), names);
    this.salesFloors =
        new JdbcSalesFloorRepository(
            new JdbcStore(b.dataSource, b.queryTimeout, "sales floor store"), names);
    this.nodeLeases =
        new JdbcNodeLeases(new JdbcStore(b.dataSource, b.queryTimeout, "node lease store"), names);
  }

  /** A builder on {@code dataSource} (required). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The {@code ConnectionRepository} to give {@code Realtime.builder().repository(...)}. */
  public JdbcConnectionRepository connections() {
    return connections;
  }

  /** The {@code SalesFloorRepository} to give {@code Realtime.builder().salesFloors(...)}. */
  public JdbcSalesFloorRepository salesFloors() {
    return salesFloors;
  }

  /**
   * The {@code NodeLeases} to give {@code Realtime.builder().nodeLeases(...)}: every node on this
   * database, a single one included, keeps its lease here, so the users a killed node left are
   * swept by a surviving node, or by the next node to start, within lease + heartbeat + grace.
   */
  public JdbcNodeLeases nodeLeases() {
    return nodeLeases;
  }

  /**
   * Applies the pending migrations to this configuration's tables, as {@link
   * JdbcSchema#migrate(DataSource, Optional, String)} does.
   *
   * @return the versions this call applied (empty when up to date)
   */
  public List<Integer> migrate() {
    return JdbcSchema.migrate(dataSource, names);
  }

  /** Settings of {@link JdbcRepositories}; every one has a default but the data source. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration queryTimeout = Duration.ofSeconds(5);
    private String tablePrefix = JdbcSchema.DEFAULT_PREFIX;
    private Optional<String> schema = Optional.empty();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The statement timeout of every query (default 5 s; JDBC counts whole seconds, so it is
     * rounded up to at least 1 s). A statement past it fails with {@link
     * RepositoryUnavailableException}; the connection's network timeout is set 2 s beyond it, so a
     * database that stops answering without closing the socket fails too.
     */
    public Builder queryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "queryTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("queryTimeout must be positive, got " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /** The start of every table name (default {@code rtk_}): letters, digits, underscores, 1-30. */
    public Builder tablePrefix(String prefix) {
      TableNames.of(Optional.empty(), prefix);
      this.tablePrefix = prefix;
      return this;
    }

    /** The schema of the tables (default none: the connection's current schema); it must exist. */
    public Builder schema(String schema) {
      Objects.requireNonNull(schema, "schema");
      TableNames.of(Optional.of(schema), tablePrefix);
      this.schema = Optional.of(schema);
      return this;
    }

    /** The repositories. */
    public JdbcRepositories build() {
      return new JdbcRepositories(this);
    }
  }
}
