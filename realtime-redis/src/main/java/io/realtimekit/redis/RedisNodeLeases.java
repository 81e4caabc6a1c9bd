package io.realtimekit.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.domain.NodeId;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Node leases in Redis: {@code lease:<node>} is a key with a TTL (Redis's own time), {@code nodes}
 * the set of known nodes, {@code sweep:<node>} the claim of whoever sweeps a lapsed node (a key
 * with a TTL, set only if absent, by a script that first checks that the node is known and its
 * lease gone, so a node that came back is never claimed).
 *
 * <p>The engine also asks {@link #takeLapsedSignal} whether this node had to take its own lease
 * anew (Redis lost it, or the node stalled past its TTL): then it writes its users back.
 */
public final class RedisNodeLeases implements NodeLeases {
  private static final String CLAIM =
      "if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end "
          + "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end "
          + "if redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end "
          + "return 0";
  private static final String FORGET =
      "if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SREM', KEYS[1], ARGV[1]) end "
          + "redis.call('DEL', KEYS[3]) return 1";

  private final RedisClusterCommands<String, String> redis;
  private final Keys keys;
  private final String token = UUID.randomUUID().toString();
  private final Set<NodeId> renewedOnce = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean lapsedSignal = new AtomicBoolean();

  /**
   * @param redis commands on a connection shared by the engine (thread-safe)
   * @param keyPrefix the prefix of every key
   */
  public RedisNodeLeases(RedisClusterCommands<String, String> redis, String keyPrefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Renewal renew(NodeId node, Duration ttl) {
    String previous = redis.setGet(keys.lease(node), token, SetArgs.Builder.px(ttl.toMillis()));
    redis.sadd(keys.nodes(), node.value());
    if (previous != null) {
      return Renewal.CONTINUED;
    }
    redis.del(keys.sweep(node)); // a new lapse is a new sweep
    if (!renewedOnce.add(node)) {
      lapsedSignal.set(true);
    }
    return Renewal.TAKEN;
  }

  @Override
  public void release(NodeId node) {
    redis.del(keys.lease(node));
  }

  @Override
  public Set<NodeId> lapsed() {
    Set<NodeId> out = new HashSet<>();
    for (String node : redis.smembers(keys.nodes())) {
      NodeId id = NodeId.of(node);
      if (redis.exists(keys.lease(id)) == 0) {
        out.add(id);
      }
    }
    return Set.copyOf(out);
  }

  @Override
  public boolean claimSweep(NodeId node, NodeId sweeper, Duration ttl) {
    Long won =
        redis.eval(
            CLAIM,
            ScriptOutputType.INTEGER,
            new String[] {keys.nodes(), keys.lease(node), keys.sweep(node)},
            node.value(),
            sweeper.value(),
            Long.toString(ttl.toMillis()));
    return won != null && won == 1L;
  }

  @Override
  public void forget(NodeId node) {
    redis.eval(
        FORGET,
        ScriptOutputType.INTEGER,
        new String[] {keys.nodes(), keys.lease(node), keys.sweep(node)},
        node.value());
  }

  /**
   * True once after a renewal of this process had to take a lease it held before (Redis lost it, or
   * the node stalled past its TTL); cleared by the call.
   */
  boolean takeLapsedSignal() {
    return lapsedSignal.getAndSet(false);
  }
}
