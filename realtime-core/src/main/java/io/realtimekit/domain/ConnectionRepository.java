package io.realtimekit.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link ConnectionUser} aggregates live. The in-memory implementation is the default; a host
 * application implements this port against its own store, and checks it with the contract test
 * suite {@code ConnectionRepositoryContract} from the core's test jar.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>Thread-safe: any method may be called from any thread concurrently. The application layer
 *       serialises the changes to one user, so {@code save} is last-writer-wins per user.
 *   <li>Lookups by user id, connection id, company and role are indexed: their cost does not grow
 *       with the number of users in other companies.
 *   <li>Never returns null; results are snapshots (later saves do not change them).
 *   <li>Methods may block (a network store); the library calls them off transport threads when
 *       configured with an application executor.
 * </ul>
 */
public interface ConnectionRepository {

  /**
   * Stores {@code user}, replacing any earlier state of the same user id, and updates every index.
   */
  void save(ConnectionUser user);

  /** Removes the user with this id, if present, from the store and every index. */
  void remove(UserId userId);

  /** Some user matching {@code criteria}, or empty. With a user or connection id, the one match. */
  Optional<ConnectionUser> findOne(Criteria criteria);

  /** Every user matching {@code criteria}, in no particular order. */
  List<ConnectionUser> find(Criteria criteria);

  /**
   * Removes the user with this id if it has no live connection, atomically with respect to every
   * writer of the store (other nodes included), and returns the state it removed. When several
   * callers race (the grace-period check running on two nodes of a cluster), at most one gets the
   * user: that caller, and only that one, announces the user offline.
   *
   * <p>The default loads and removes, which is atomic only when the caller serialises the changes
   * to one user (the single-node case); a shared store overrides it with one atomic operation.
   *
   * @return the removed state, or empty when the user is unknown or still connected
   */
  default Optional<ConnectionUser> removeIfDisconnected(UserId userId) {
    Optional<ConnectionUser> existing = findOne(Criteria.byUserId(userId));
    if (existing.isEmpty() || existing.get().isConnected()) {
      return Optional.empty();
    }
    remove(userId);
    return existing;
  }

  /**
   * Every user with at least one live connection held by {@code node}: what a sweeper closes when
   * that node died without closing its sockets. The default filters every connected user, which is
   * fine for a single node's sweep at start-up; a store shared by many nodes overrides it with an
   * index on the node.
   */
  default List<ConnectionUser> findConnectedOn(NodeId node) {
    Objects.requireNonNull(node, "node");
    return find(Criteria.any().connected(true)).stream()
        .filter(u -> u.connections().stream().anyMatch(c -> c.nodeId().equals(node)))
        .toList();
  }
}
