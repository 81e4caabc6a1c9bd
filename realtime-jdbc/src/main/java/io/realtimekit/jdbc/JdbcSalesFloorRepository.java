package io.realtimekit.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.RepositoryUnavailableException;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A {@link SalesFloorRepository} on plain JDBC: one row per company holding the floor as JSON
 * ({@link SalesFloor#toPrimitives()}) and a version. Built by {@link JdbcRepositories}; the table
 * comes from {@link JdbcSchema}.
 *
 * <p>{@link #update} is optimistic and atomic across every node sharing the database: it reads
 * floor and version, applies the change, and stores the result with {@code UPDATE ... SET version =
 * version + 1 WHERE company_id = ? AND version = ?}; when another writer got in first (no row
 * updated) it applies the change again to the fresher floor, up to {@value #MAX_ATTEMPTS} times,
 * then answers {@code CONFLICT}. So no visitor is assigned twice and no commercial is overfilled,
 * whichever node makes the change. Rows are never deleted (an emptied floor is stored empty), so a
 * version never repeats.
 *
 * <p>A store that cannot be reached, or a statement past its timeout, throws {@link
 * RepositoryUnavailableException} (there is no cached copy: the floor is only read from the
 * database).
 */
public final class JdbcSalesFloorRepository implements SalesFloorRepository {
  static final int MAX_ATTEMPTS = 100;

  private final JdbcStore store;
  private final ObjectMapper json = new ObjectMapper();
  private final String floors;

  JdbcSalesFloorRepository(JdbcStore store, TableNames names) {
    this.store = store;
    this.floors = names.table("sales_floors");
  }

  /** A floor as stored, with its version; {@code version} empty when the company has no row. */
  private record Versioned(SalesFloor floor, Optional<Long> version) {}

  private Versioned read(CompanyId companyId) {
    return store.autoCommit(
        "load of a sales floor",
        c -> {
          try (PreparedStatement s =
              store.prepare(c, "SELECT floor, version FROM " + floors + " WHERE company_id = ?")) {
            s.setString(1, companyId.toString());
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                return new Versioned(SalesFloor.empty(companyId), Optional.empty());
              }
              return new Versioned(parse(companyId, rs.getString(1)), Optional.of(rs.getLong(2)));
            }
          }
        });
  }

  @Override
  public SalesFloor load(CompanyId companyId) {
    return read(companyId).floor();
  }

  /**
   * Stores {@code floor} whatever the current version (last writer wins, as the contract allows).
   */
  @Override
  public void save(SalesFloor floor) {
    String text = write(floor);
    String companyId = floor.companyId().toString();
    store.inTransaction(
        "save of a sales floor",
        c -> {
          int updated;
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "UPDATE "
                      + floors
                      + " SET floor = ?, version = version + 1 WHERE company_id = ?")) {
            s.setString(1, text);
            s.setString(2, companyId);
            updated = s.executeUpdate();
          }
          if (updated == 0) {
            insert(
                c, companyId, text); // a concurrent insert fails the transaction, which is retried
          }
          return null;
        });
  }

  @Override
  public Result<SalesFloor.Change> update(
      CompanyId companyId, Function<SalesFloor, Result<SalesFloor.Change>> change) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Versioned current = read(companyId);
      Result<SalesFloor.Change> result = change.apply(current.floor());
      if (!result.isOk() || result.value().floor() == current.floor()) {
        return result;
      }
      if (compareAndSet(companyId, current.version(), write(result.value().floor()))) {
        return result;
      }
      backOff(attempt);
    }
    return Result.failure(ErrorCode.CONFLICT, "the sales floor is too busy, try again");
  }

  /** Stores {@code text} if the row is still at {@code expected} (absent: still no row). */
  private boolean compareAndSet(CompanyId companyId, Optional<Long> expected, String text) {
    String id = companyId.toString();
    if (expected.isPresent()) {
      return store.autoCommit(
          "update of a sales floor",
          c -> {
            try (PreparedStatement s =
                store.prepare(
                    c,
                    "UPDATE "
                        + floors
                        + " SET floor = ?, version = version + 1 WHERE company_id = ? AND version = ?")) {
              s.setString(1, text);
              s.setString(2, id);
              s.setLong(3, expected.get());
              return s.executeUpdate() == 1;
            }
          });
    }
    return store.autoCommit(
        "creation of a sales floor",
        c -> {
          try {
            insert(c, id, text);
            return true;
          } catch (SQLException e) {
            if (JdbcStore.lostARace(e)) {
              return false; // another node created the row first
            }
            throw e;
          }
        });
  }

  private void insert(Connection c, String companyId, String text) throws SQLException {
    try (PreparedStatement s =
        store.prepare(
            c, "INSERT INTO " + floors + " (company_id, version, floor) VALUES (?, ?, ?)")) {
      s.setString(1, companyId);
      s.setLong(2, 1L);
      s.setString(3, text);
      s.executeUpdate();
    }
  }

  /** A short, growing, jittered pause so that racing writers do not collide again at once. */
  private static void backOff(int attempt) {
    long maxMicros = Math.min(50L * attempt, 2_000L);
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxMicros + 1) * 1_000L);
  }

  private String write(SalesFloor floor) {
    try {
      return json.writeValueAsString(floor.toPrimitives());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a sales floor as JSON", e);
    }
  }

  private SalesFloor parse(CompanyId companyId, String text) {
    try {
      SalesFloor floor =
          SalesFloor.fromPrimitives(json.readValue(text, SalesFloor.Primitives.class));
      if (!floor.companyId().equals(companyId)) {
        throw new IllegalStateException(
            "the floor row of company " + companyId + " holds another company's floor");
      }
      return floor;
    } catch (JsonProcessingException | DomainException e) {
      throw new IllegalStateException(
          "unreadable sales floor row of company " + companyId + " in " + floors, e);
    }
  }
}
