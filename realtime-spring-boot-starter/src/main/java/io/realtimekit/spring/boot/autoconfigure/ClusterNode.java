package io.realtimekit.spring.boot.autoconfigure;

import io.realtimekit.Realtime;

/**
 * This node's membership of a cluster (cluster mode on Redis), as the lifecycle sees it: joined
 * before the Realtime starts, left instead of closing the Realtime (leaving closes it).
 */
public interface ClusterNode {
  /** Joins the cluster with {@code realtime}, which is not started yet. */
  void start(Realtime realtime);

  /**
   * Closes the Realtime, leaves the cluster and releases every connection and thread. Idempotent.
   */
  void close();
}
