package io.realtimekit.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.RepositoryUnavailableException;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link ConnectionRepository} on plain JDBC, for a durable store or one shared by several nodes.
 * Built by {@link JdbcRepositories}; the tables come from {@link JdbcSchema}.
 *
 * <p>Each user is one row holding the whole aggregate ({@link ConnectionUser#toPrimitives()} as
 * JSON) plus one row per role and per live connection; every {@link Criteria} filter is answered
 * through an index (user id, connection id, company, role within a company or across companies,
 * connected). A {@link #save} rewrites the user's rows in one transaction, so a read sees either
 * the old or the new state, never a mix.
 *
 * <p>{@link #removeIfDisconnected} is atomic across every node sharing the database: it reads the
 * user's revision (a new random number on every save) and deletes the row only where the user is
 * still disconnected and at that revision ({@code DELETE ... WHERE user_id = ? AND connected = ?
 * AND revision = ?}); the database's row lock lets exactly one of several racing deletes succeed,
 * and only that caller gets the state.
 *
 * <p>Every call borrows one connection from the {@code DataSource}; statements run with the
 * configured timeout. A store that cannot be reached, or a statement past its timeout, throws
 * {@link RepositoryUnavailableException}; a missing schema or another SQL error throws {@link
 * IllegalStateException}.
 */
public final class JdbcConnectionRepository implements ConnectionRepository, HealthCheck {
  private static final int REMOVE_ATTEMPTS = 10;

  private final JdbcStore store;
  private final ObjectMapper json = new ObjectMapper();
  private final String users;
  private final String roles;
  private final String connections;

  JdbcConnectionRepository(JdbcStore store, TableNames names) {
    this.store = store;
    this.users = names.table("users");
    this.roles = names.table("user_roles");
    this.connections = names.table("connections");
  }

  @Override
  public void save(ConnectionUser user) {
    String state = write(user.toPrimitives());
    String userId = user.userId().value();
    String companyId = user.companyId().toString();
    long revision = ThreadLocalRandom.current().nextLong();
    store.inTransaction(
        "save of a user",
        c -> {
          int updated;
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "UPDATE "
                      + users
                      + " SET company_id = ?, connected = ?, revision = ?, state = ? WHERE user_id = ?")) {
            s.setString(1, companyId);
            s.setBoolean(2, user.isConnected());
            s.setLong(3, revision);
            s.setString(4, state);
            s.setString(5, userId);
            updated = s.executeUpdate();
          }
          if (updated == 0) {
            // a new user; a concurrent insert of the same id fails the transaction, which is
            // retried
            try (PreparedStatement s =
                store.prepare(
                    c,
                    "INSERT INTO "
                        + users
                        + " (user_id, company_id, connected, revision, state) VALUES (?, ?, ?, ?, ?)")) {
              s.setString(1, userId);
              s.setString(2, companyId);
              s.setBoolean(3, user.isConnected());
              s.setLong(4, revision);
              s.setString(5, state);
              s.executeUpdate();
            }
          } else {
            delete(c, "DELETE FROM " + roles + " WHERE user_id = ?", userId);
            delete(c, "DELETE FROM " + connections + " WHERE user_id = ?", userId);
          }
          try (PreparedStatement s =
              store.prepare(
                  c, "INSERT INTO " + roles + " (user_id, role, company_id) VALUES (?, ?, ?)")) {
            for (Role role : user.roles()) {
              s.setString(1, userId);
              s.setString(2, role.name());
              s.setString(3, companyId);
              s.addBatch();
            }
            s.executeBatch();
          }
          if (user.isConnected()) {
            try (PreparedStatement s =
                store.prepare(
                    c,
                    "INSERT INTO "
                        + connections
                        + " (user_id, connection_id, node_id, opened_at_millis) VALUES (?, ?, ?, ?)")) {
              for (Connection connection : user.connections()) {
                s.setString(1, userId);
                s.setString(2, connection.id().value());
                s.setString(3, connection.nodeId().value());
                s.setLong(4, connection.openedAt().toEpochMilli());
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          return null;
        });
  }

  private void delete(java.sql.Connection c, String sql, String userId) throws SQLException {
    try (PreparedStatement s = store.prepare(c, sql)) {
      s.setString(1, userId);
      s.executeUpdate();
    }
  }

  @Override
  public void remove(UserId userId) {
    // roles and connections go with the user (ON DELETE CASCADE)
    store.autoCommit(
        "removal of a user",
        c -> {
          delete(c, "DELETE FROM " + users + " WHERE user_id = ?", userId.value());
          return null;
        });
  }

  @Override
  public Optional<ConnectionUser> findOne(Criteria criteria) {
    List<ConnectionUser> found = query(criteria, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<ConnectionUser> find(Criteria criteria) {
    return query(criteria, 0);
  }

  /**
   * A lookup as SQL text and its arguments (strings and booleans, in order).
   *
   * @param sql the statement
   * @param args its parameters
   */
  record Lookup(String sql, List<Object> args) {}

  /** The statement answering {@code criteria}: each filter goes through an index. */
  Lookup lookup(Criteria criteria) {
    StringBuilder sql =
        new StringBuilder("SELECT u.state FROM ").append(users).append(" u WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    criteria
        .userId()
        .ifPresent(
            id -> {
              sql.append(" AND u.user_id = ?");
              args.add(id.value());
            });
    criteria
        .companyId()
        .ifPresent(
            company -> {
              sql.append(" AND u.company_id = ?");
              args.add(company.toString());
            });
    criteria
        .connected()
        .ifPresent(
            connected -> {
              sql.append(" AND u.connected = ?");
              args.add(connected);
            });
    criteria
        .role()
        .ifPresent(
            role -> {
              // the role index, narrowed to the company when there is one
              sql.append(" AND u.user_id IN (SELECT r.user_id FROM ")
                  .append(roles)
                  .append(" r WHERE r.role = ?");
              args.add(role.name());
              criteria
                  .companyId()
                  .ifPresent(
                      company -> {
                        sql.append(" AND r.company_id = ?");
                        args.add(company.toString());
                      });
              sql.append(')');
            });
    criteria
        .connectionId()
        .ifPresent(
            id -> {
              sql.append(" AND u.user_id IN (SELECT k.user_id FROM ")
                  .append(connections)
                  .append(" k WHERE k.connection_id = ?)");
              args.add(id.value());
            });
    return new Lookup(sql.toString(), List.copyOf(args));
  }

  /** Binds the arguments of {@code lookup} to {@code s}. */
  static void bind(PreparedStatement s, Lookup lookup) throws SQLException {
    for (int i = 0; i < lookup.args().size(); i++) {
      Object arg = lookup.args().get(i);
      if (arg instanceof Boolean b) {
        s.setBoolean(i + 1, b);
      } else {
        s.setString(i + 1, (String) arg);
      }
    }
  }

  private List<ConnectionUser> query(Criteria criteria, int maxRows) {
    return query(lookup(criteria), maxRows);
  }

  private List<ConnectionUser> query(Lookup lookup, int maxRows) {
    return store.autoCommit(
        "lookup of users",
        c -> {
          try (PreparedStatement s = store.prepare(c, lookup.sql())) {
            bind(s, lookup);
            s.setMaxRows(maxRows);
            List<ConnectionUser> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs.getString(1)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Optional<ConnectionUser> removeIfDisconnected(UserId userId) {
    for (int attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
      Optional<Optional<ConnectionUser>> outcome =
          store.autoCommit(
              "removal of a disconnected user",
              c -> {
                long revision;
                String state;
                try (PreparedStatement s =
                    store.prepare(
                        c,
                        "SELECT revision, state FROM "
                            + users
                            + " WHERE user_id = ? AND connected = ?")) {
                  s.setString(1, userId.value());
                  s.setBoolean(2, false);
                  try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                      return Optional.of(Optional.<ConnectionUser>empty()); // unknown, or connected
                    }
                    revision = rs.getLong(1);
                    state = rs.getString(2);
                  }
                }
                try (PreparedStatement s =
                    store.prepare(
                        c,
                        "DELETE FROM "
                            + users
                            + " WHERE user_id = ? AND connected = ? AND revision = ?")) {
                  s.setString(1, userId.value());
                  s.setBoolean(2, false);
                  s.setLong(3, revision);
                  if (s.executeUpdate() == 1) {
                    return Optional.of(Optional.of(read(state)));
                  }
                }
                return Optional
                    .<Optional<ConnectionUser>>empty(); // saved or removed meanwhile: look again
              });
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
    // saved again and again while we tried: it is in use, so it is not this caller's to remove
    return Optional.empty();
  }

  /**
   * Every user with a live connection on {@code node}, through the index on the connections' node
   * (the one {@link #usersConnectedOn} reads), then the users' rows by key; what a node sweep
   * reads.
   */
  @Override
  public List<ConnectionUser> findConnectedOn(NodeId node) {
    Objects.requireNonNull(node, "node");
    return query(connectedOn(node), 0);
  }

  /**
   * The statement of {@link #findConnectedOn}: the index on the connections' node, then the users'
   * key.
   */
  Lookup connectedOn(NodeId node) {
    return new Lookup(
        "SELECT u.state FROM "
            + users
            + " u WHERE u.connected = ? AND u.user_id IN"
            + " (SELECT k.user_id FROM "
            + connections
            + " k WHERE k.node_id = ?)",
        List.of(true, node.value()));
  }

  /** The ids of the users holding at least one live connection on {@code nodeId} (indexed). */
  public List<UserId> usersConnectedOn(NodeId nodeId) {
    return store.autoCommit(
        "lookup of a node's users",
        c -> {
          List<UserId> out = new ArrayList<>();
          try (PreparedStatement s =
              store.prepare(
                  c, "SELECT DISTINCT user_id FROM " + connections + " WHERE node_id = ?")) {
            s.setString(1, nodeId.value());
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(UserId.of(rs.getString(1)));
              }
            }
          }
          return out;
        });
  }

  private String write(ConnectionUser.Primitives p) {
    try {
      return json.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a user as JSON", e);
    }
  }

  private ConnectionUser read(String state) {
    try {
      return ConnectionUser.fromPrimitives(json.readValue(state, ConnectionUser.Primitives.class));
    } catch (JsonProcessingException | DomainException e) {
      throw new IllegalStateException("unreadable user row in " + users, e);
    }
  }

  /**
   * Up when the database answers a query on the users table within the query timeout; the node's
   * {@code /health} reports it as {@code repository}.
   */
  @Override
  public Status check() {
    try {
      return store.autoCommit(
          "health check",
          c -> {
            try (PreparedStatement s =
                store.prepare(c, "SELECT 1 FROM " + users + " WHERE 1 = 0")) {
              s.executeQuery().close();
              return Status.ok();
            }
          });
    } catch (RuntimeException e) {
      return Status.down("database unreachable");
    }
  }
}
