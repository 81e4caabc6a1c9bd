package io.realtimekit.application.port;

import io.realtimekit.domain.NodeId;
import java.time.Duration;
import java.util.Set;

/**
 * Which nodes are alive: one lease per node, renewed every heartbeat, shared by every node that
 * shares a {@code ConnectionRepository}. A node whose lease lapsed died without closing its sockets
 * (killed, crashed, partitioned); one surviving node, or the same node id when it starts again,
 * sweeps the connections it left in the repository so that no ghost user stays online.
 *
 * <p>The in-memory implementation serves a single node; a cluster engine supplies a shared one
 * (Redis), and a durable repository should come with a durable one (JDBC), so that what a killed
 * node left behind is still known after a restart. Every implementation passes the contract suite
 * {@code NodeLeasesContract}.
 *
 * <p>Contract, for every implementation: thread-safe; methods may block on a network store and
 * throw an unchecked exception when the store is unreachable (the caller retries on its next
 * heartbeat); time is the store's own (a TTL), so nodes need no synchronised clocks.
 */
public interface NodeLeases {

  /**
   * Takes or refreshes {@code node}'s lease for {@code ttl} and records the node as known.
   *
   * @return {@link Renewal#CONTINUED} when the lease was still held, {@link Renewal#TAKEN} when it
   *     had lapsed, had been released, or never existed (the caller may have been swept meanwhile)
   */
  Renewal renew(NodeId node, Duration ttl);

  /** Gives {@code node}'s lease up at a clean stop; the node becomes lapsed at once. */
  void release(NodeId node);

  /** The known nodes whose lease is not held now and whose sweep has not been finished. */
  Set<NodeId> lapsed();

  /**
   * Claims the sweep of the lapsed {@code node} for {@code ttl}: among concurrent callers exactly
   * one gets {@code true}, and nobody else does until the claim expires or the node is forgotten.
   * False when the node holds its lease again.
   */
  boolean claimSweep(NodeId node, NodeId sweeper, Duration ttl);

  /**
   * The sweep of {@code node} is done: it is no longer known, unless it renewed its lease meanwhile
   * (then it stays known and alive).
   */
  void forget(NodeId node);

  /** The answer of {@link #renew}. */
  enum Renewal {
    /** The lease was held without a gap. */
    CONTINUED,
    /** The lease had to be taken anew. */
    TAKEN
  }
}
