package io.realtimekit.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;

/**
 * Publish and subscribe on a standalone Redis ({@code PUBLISH}, {@code SUBSCRIBE}) or, when the
 * pub/sub connection is a Redis Cluster one, sharded ({@code SPUBLISH}, {@code SSUBSCRIBE}: each
 * channel lives on the master of its slot, and a message is not copied to every master).
 */
final class ShardedPubSub {
  private final RedisClusterCommands<String, String> redis;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final boolean sharded;
  private volatile String topology;

  ShardedPubSub(
      RedisClusterCommands<String, String> redis,
      StatefulRedisPubSubConnection<String, String> pubsub) {
    this.redis = redis;
    this.pubsub = pubsub;
    this.sharded = pubsub instanceof StatefulRedisClusterPubSubConnection;
    this.topology = topology();
  }

  /** True on a Redis Cluster. */
  boolean sharded() {
    return sharded;
  }

  /** Publishes; returns how many subscribers (nodes) got it. */
  long publish(String channel, String message) {
    return sharded ? redis.spublish(channel, message) : redis.publish(channel, message);
  }

  void subscribe(List<String> channels) {
    if (sharded) {
      // one command per channel: the channels of one SSUBSCRIBE must share a slot
      for (String channel : channels) {
        pubsub.sync().ssubscribe(channel);
      }
    } else {
      pubsub.sync().subscribe(channels.toArray(String[]::new));
    }
  }

  void unsubscribe(List<String> channels) {
    if (sharded) {
      for (String channel : channels) {
        pubsub.sync().sunsubscribe(channel);
      }
    } else {
      pubsub.sync().unsubscribe(channels.toArray(String[]::new));
    }
  }

  /**
   * True when the masters (or their slots) differ from those seen at the last {@link
   * #topologySeen}: a failover moved some channels to another master.
   */
  boolean topologyChanged() {
    return sharded && !topology().equals(topology);
  }

  /** Remembers the masters as they are now (before subscribing again). */
  void topologySeen() {
    topology = topology();
  }

  /** The masters and their slots as this client last saw them ('' on a standalone Redis). */
  private String topology() {
    if (!sharded) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (RedisClusterNode n :
        ((StatefulRedisClusterPubSubConnection<String, String>) pubsub).getPartitions()) {
      if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        b.append(n.getNodeId()).append(":").append(n.getSlots().hashCode()).append(" ");
      }
    }
    return b.toString();
  }
}
