package io.realtimekit.jdbc;

import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.RepositoryUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link NodeLeases} in the database that holds the users ({@code <prefix>node_leases}, migration
 * V3), so that what a killed node left is still known after every node restarted: give it to {@code
 * Realtime.builder().nodeLeases(...)} next to {@link JdbcConnectionRepository}. Built by {@link
 * JdbcRepositories#nodeLeases()}.
 *
 * <p>One row per known node: its lease expiry, and the claim on its sweep (sweeper and claim
 * expiry). Every expiry is written and compared with the database's {@code clock_timestamp()},
 * never a node's clock, so the nodes need no synchronised clocks. {@link #claimSweep} is one
 * conditional {@code UPDATE} (the node lapsed and no live claim): the row lock lets exactly one of
 * several racing sweepers change the row, the others re-check the condition and find the claim.
 *
 * <p>PostgreSQL (the upsert is {@code INSERT ... ON CONFLICT}). A store that cannot be reached
 * throws {@link RepositoryUnavailableException}, which the node's heartbeat retries.
 */
public final class JdbcNodeLeases implements NodeLeases {
  /** The lease is not held: released (no expiry) or past its expiry, on the database's clock. */
  private static final String NOT_HELD =
      "(lease_until IS NULL OR lease_until <= clock_timestamp())";

  /** {@code clock_timestamp()} plus the milliseconds of the parameter. */
  private static final String NOW_PLUS =
      "clock_timestamp() + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond'";

  private final JdbcStore store;
  private final String table;

  JdbcNodeLeases(JdbcStore store, TableNames names) {
    this.store = store;
    this.table = names.table("node_leases");
  }

  @Override
  public Renewal renew(NodeId node, Duration ttl) {
    Objects.requireNonNull(node, "node");
    long millis = positiveMillis(ttl);
    return store.inTransaction(
        "renewal of a node lease",
        c -> {
          boolean held = false;
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "SELECT lease_until > clock_timestamp() FROM "
                      + table
                      + " WHERE node_id = ? FOR UPDATE")) {
            s.setString(1, node.value());
            try (ResultSet rs = s.executeQuery()) {
              held = rs.next() && rs.getBoolean(1);
            }
          }
          // a renewal ends any claim: a held lease cannot be claimed, and a later lapse is a new
          // sweep
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "INSERT INTO "
                      + table
                      + " (node_id, lease_until, sweeper, claim_until) VALUES (?, "
                      + NOW_PLUS
                      + ", NULL, NULL) ON CONFLICT (node_id) DO UPDATE SET lease_until = EXCLUDED.lease_until,"
                      + " sweeper = NULL, claim_until = NULL")) {
            s.setString(1, node.value());
            s.setLong(2, millis);
            s.executeUpdate();
          }
          return held ? Renewal.CONTINUED : Renewal.TAKEN;
        });
  }

  @Override
  public void release(NodeId node) {
    Objects.requireNonNull(node, "node");
    store.autoCommit(
        "release of a node lease",
        c -> {
          try (PreparedStatement s =
              store.prepare(c, "UPDATE " + table + " SET lease_until = NULL WHERE node_id = ?")) {
            s.setString(1, node.value());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Set<NodeId> lapsed() {
    return store.autoCommit(
        "lookup of lapsed nodes",
        c -> {
          Set<NodeId> out = new HashSet<>();
          try (PreparedStatement s =
                  store.prepare(c, "SELECT node_id FROM " + table + " WHERE " + NOT_HELD);
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(NodeId.of(rs.getString(1)));
            }
          }
          return Set.copyOf(out);
        });
  }

  @Override
  public boolean claimSweep(NodeId node, NodeId sweeper, Duration ttl) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(sweeper, "sweeper");
    long millis = positiveMillis(ttl);
    return store.autoCommit(
        "claim of a node sweep",
        c -> {
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "UPDATE "
                      + table
                      + " SET sweeper = ?, claim_until = "
                      + NOW_PLUS
                      + " WHERE node_id = ? AND "
                      + NOT_HELD
                      + " AND (claim_until IS NULL OR claim_until <= clock_timestamp())")) {
            s.setString(1, sweeper.value());
            s.setLong(2, millis);
            s.setString(3, node.value());
            return s.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void forget(NodeId node) {
    Objects.requireNonNull(node, "node");
    store.inTransaction(
        "end of a node sweep",
        c -> {
          try (PreparedStatement s =
              store.prepare(c, "DELETE FROM " + table + " WHERE node_id = ? AND " + NOT_HELD)) {
            s.setString(1, node.value());
            if (s.executeUpdate() == 1) {
              return null;
            }
          }
          // it came back meanwhile: it stays known, only the claim ends
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "UPDATE "
                      + table
                      + " SET sweeper = NULL, claim_until = NULL WHERE node_id = ?")) {
            s.setString(1, node.value());
            s.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Who holds the claim on {@code node}'s sweep now, if anyone (for operators and tests).
   *
   * @return the sweeper's id, or empty when nobody holds an unexpired claim or the node is unknown
   */
  public Optional<NodeId> sweeper(NodeId node) {
    Objects.requireNonNull(node, "node");
    return store.autoCommit(
        "lookup of a sweep claim",
        c -> {
          try (PreparedStatement s =
              store.prepare(
                  c,
                  "SELECT sweeper FROM "
                      + table
                      + " WHERE node_id = ? AND claim_until > clock_timestamp()")) {
            s.setString(1, node.value());
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(NodeId.of(rs.getString(1))) : Optional.<NodeId>empty();
            }
          }
        });
  }

  private static long positiveMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    return Math.max(1, ttl.toMillis());
  }
}
