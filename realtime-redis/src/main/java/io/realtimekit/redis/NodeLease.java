package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.connection.ConfirmUserOffline;
import io.realtimekit.application.connection.DisconnectNode;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserId;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's lease and its share of sweeping, run every tick by the engine's thread.
 *
 * <p>Each tick: refresh {@code lease:<me>} (a key with a TTL, {@code SET ... PX ttl GET}); if it had
 * lapsed (Redis restarted and lost it, or this node stalled longer than the TTL), or an earlier
 * tick or save failed, re-register: subscribe again and write back every user this node holds
 * (then run the offline checks that could not run). Then look for dead nodes: a node of {@code
 * nodes} without a lease is claimed with {@code SET sweep:<node> NX PX} so one node sweeps it, and
 * each of its users gets a {@link DisconnectNode}: its sockets there are closed, and after the
 * grace period the atomic offline check raises {@code UserDisconnected} once, cluster-wide.
 */
final class NodeLease {
  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

  private final RedisCommands<String, String> redis;
  private final Keys keys;
  private final NodeId me;
  private final Duration ttl;
  private final RedisConnectionRepository repository;
  private final RedisDelivery delivery;
  private final CommandBus commands;
  private final String epoch = UUID.randomUUID().toString();
  private boolean registered;
  private boolean healthy = true;

  NodeLease(RedisCommands<String, String> redis, Keys keys, NodeId me, Duration ttl,
      RedisConnectionRepository repository, RedisDelivery delivery, CommandBus commands) {
    this.redis = redis;
    this.keys = keys;
    this.me = me;
    this.ttl = ttl;
    this.repository = repository;
    this.delivery = delivery;
    this.commands = commands;
  }

  /** The first tick: takes the lease and sweeps what an earlier run of this node id left behind. */
  void register() {
    redis.set(keys.lease(me), epoch, SetArgs.Builder.px(ttl.toMillis()));
    redis.sadd(keys.nodes(), me.value());
    registered = true;
    for (String user : redis.smembers(keys.nodeUsers(me))) {
      if (repository.localUsers().stream().noneMatch(u -> u.userId().value().equals(user))) {
        commands.send(new DisconnectNode(UserId.of(user), me));
      }
    }
  }

  /** One tick; never throws. */
  synchronized void tick() {
    try {
      String previous = redis.setGet(keys.lease(me), epoch, SetArgs.Builder.px(ttl.toMillis()));
      redis.sadd(keys.nodes(), me.value());
      boolean lapsed = registered && previous == null;
      if (lapsed || !healthy || repository.isDirty() || delivery.subscriptionsLost()) {
        reRegister(lapsed);
      }
      if (!healthy) {
        log.info("Redis reachable again: node {} re-registered", me);
      }
      healthy = true;
      sweep();
    } catch (RedisException e) {
      if (healthy) {
        log.warn("Redis unreachable from node {}: local delivery only until it returns ({})", me, e.getMessage());
      }
      healthy = false;
    } catch (RuntimeException e) {
      log.error("lease tick of node {} failed", me, e);
    }
  }

  private void reRegister(boolean lapsed) {
    delivery.resubscribe();
    Set<UserId> pending = repository.resync();
    log.info("node {} re-registered {} users{}", me, repository.localUsers().size(),
        lapsed ? " (its lease had lapsed)" : "");
    for (UserId u : pending) {
      commands.send(new ConfirmUserOffline(u));
    }
  }

  private void sweep() {
    for (String node : redis.smembers(keys.nodes())) {
      if (node.equals(me.value())) {
        continue;
      }
      NodeId dead = NodeId.of(node);
      if (redis.exists(keys.lease(dead)) > 0) {
        continue;
      }
      if (!"OK".equals(redis.set(keys.sweep(dead), me.value(), SetArgs.Builder.nx().px(ttl.toMillis() * 2)))) {
        continue;
      }
      Set<String> users = redis.smembers(keys.nodeUsers(dead));
      log.info("node {} sweeps dead node {}: {} users", me, dead, users.size());
      for (String user : users) {
        commands.send(new DisconnectNode(UserId.of(user), dead));
      }
      if (redis.scard(keys.nodeUsers(dead)) == 0) {
        redis.srem(keys.nodes(), node);
      }
    }
  }

  /** Gives the lease up (a clean stop). */
  void release() {
    try {
      redis.del(keys.lease(me));
    } catch (RedisException e) {
      log.debug("lease of {} left to expire: {}", me, e.getMessage());
    }
  }
}
