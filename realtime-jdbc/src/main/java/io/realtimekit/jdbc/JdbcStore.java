package io.realtimekit.jdbc;

import io.realtimekit.domain.RepositoryUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * How the repositories of this module talk to the database: one borrowed connection per unit of
 * work, a statement timeout on every statement, a network timeout on the connection, and the
 * translation of driver failures into {@link RepositoryUnavailableException} (the store cannot be
 * reached, or a statement ran past its timeout) or {@link IllegalStateException} (a bug or a
 * missing schema).
 */
final class JdbcStore {
  /**
   * Retries of a unit of work that lost a race (serialization failure, deadlock, duplicate key).
   */
  private static final int RACE_ATTEMPTS = 5;

  private static final Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;
  private final int networkTimeoutMillis;
  private final String storeName;

  /** A unit of work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  JdbcStore(DataSource dataSource, Duration queryTimeout, String storeName) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    // JDBC counts statement timeouts in whole seconds: round up, at least one
    long seconds = Math.max(1, (queryTimeout.toMillis() + 999) / 1000);
    this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
    // a socket that stops answering (no reset, no close) fails a little after the statement timeout
    this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, seconds * 1000 + 2000);
    this.storeName = storeName;
  }

  /** Runs {@code work} in one transaction, retried when it loses a race with another writer. */
  <T> T inTransaction(String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = borrow()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e);
          throw e;
        } finally {
          restoreAutoCommit(c, autoCommit);
        }
      } catch (SQLException e) {
        if (attempt < RACE_ATTEMPTS && lostARace(e)) {
          continue;
        }
        throw translate(what, e);
      }
    }
  }

  /** Runs {@code work} on one connection in auto-commit mode (each statement on its own). */
  <T> T autoCommit(String what, Work<T> work) {
    try (Connection c = borrow()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw translate(what, e);
    }
  }

  /** A statement with the configured timeout. */
  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    s.setQueryTimeout(queryTimeoutSeconds);
    return s;
  }

  private Connection borrow() {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw unavailable(e);
    }
    try {
      c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
    } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
      // a driver without network timeouts relies on the statement timeout alone
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw unavailable(e);
    }
    return c;
  }

  private RepositoryUnavailableException unavailable(SQLException e) {
    return new RepositoryUnavailableException(
        "the " + storeName + " is unavailable, try again later", e);
  }

  private RuntimeException translate(String what, SQLException e) {
    if (isUnavailable(e)) {
      return unavailable(e);
    }
    return new IllegalStateException(
        what
            + " failed (SQLState "
            + e.getSQLState()
            + ")"
            + (isUndefinedObject(e) ? ": is the schema migrated (JdbcSchema.migrate)?" : ""),
        e);
  }

  /**
   * Whether {@code e} says the store is out of reach rather than the request wrong: a connection
   * failure (SQLState class 08), a timeout or cancelled statement (57014, HYT00, HYT01), a server
   * shutting down or not accepting connections (57P01-57P03), a lack of resources (class 53), or
   * one of JDBC's transient or connection exception types.
   */
  static boolean isUnavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTimeoutException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P")
            || state.equals("57014")
            || state.equals("HYT00")
            || state.equals("HYT01")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * A serialization failure or deadlock (class 40), or a duplicate key (class 23) from a concurrent
   * insert.
   */
  static boolean lostARace(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("40") || state.startsWith("23"));
  }

  private static boolean isUndefinedObject(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.equals("42P01") || state.equals("42S02") || state.equals("42703"));
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) {
    try {
      if (autoCommit) {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      // the connection is broken; the pool discards it
    }
  }
}
