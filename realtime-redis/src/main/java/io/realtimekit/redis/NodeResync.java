package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.connection.ConfirmUserOffline;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserId;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node must redo in Redis after an outage, run every heartbeat by the engine's thread.
 * The lease itself and the sweep of dead nodes are the core's ({@code NodeLiveness} on {@link
 * RedisNodeLeases}); this class handles what only the cluster engine knows.
 *
 * <p>Each tick: when Redis was unreachable, lost this node's lease (a restart without persistence,
 * or a stall longer than the TTL), refused a save, or dropped this node's subscriptions, subscribe
 * again and write back every user this node holds, then run the offline checks that could not run
 * meanwhile.
 */
final class NodeResync {
  private static final Logger log = LoggerFactory.getLogger(NodeResync.class);

  private final RedisClusterCommands<String, String> redis;
  private final NodeId me;
  private final String probeKey;
  private final RedisNodeLeases leases;
  private final RedisConnectionRepository repository;
  private final RedisDelivery delivery;
  private final CommandBus commands;
  private boolean healthy = true;

  NodeResync(
      RedisClusterCommands<String, String> redis,
      NodeId me,
      String leasesPrefix,
      RedisNodeLeases leases,
      RedisConnectionRepository repository,
      RedisDelivery delivery,
      CommandBus commands) {
    this.redis = redis;
    this.me = me;
    this.probeKey = new Keys(leasesPrefix).nodes();
    this.leases = leases;
    this.repository = repository;
    this.delivery = delivery;
    this.commands = commands;
  }

  /** One tick; never throws. */
  synchronized void tick() {
    try {
      // not PING: on a Redis Cluster it goes to one node, maybe a dead master; this goes to the
      // master of the registry, which the re-registration needs
      redis.exists(probeKey);
      boolean lapsed = leases.takeLapsedSignal();
      if (lapsed || !healthy || repository.isDirty() || delivery.subscriptionsLost()) {
        reRegister(lapsed);
      }
      if (!healthy) {
        log.info("Redis reachable again: node {} re-registered", me);
      }
      healthy = true;
    } catch (RedisException e) {
      if (healthy) {
        log.warn(
            "Redis unreachable from node {}: local delivery only until it returns ({})",
            me,
            e.getMessage());
      }
      healthy = false;
    } catch (RuntimeException e) {
      log.error("resync tick of node {} failed", me, e);
    }
  }

  private void reRegister(boolean lapsed) {
    delivery.resubscribe();
    Set<UserId> pending = repository.resync();
    log.info(
        "node {} re-registered {} users{}",
        me,
        repository.localUsers().size(),
        lapsed ? " (its lease had lapsed)" : "");
    for (UserId u : pending) {
      commands.send(new ConfirmUserOffline(u));
    }
  }
}
