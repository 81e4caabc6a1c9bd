package io.realtimekit.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every test of {@link ClusterConversationTest} (conversations and their per-node fan-out), with
 * the nodes on a Redis Cluster of 3 masters (one for the class) instead of a standalone Redis.
 */
class RedisClusterConversationTest extends ClusterConversationTest {
  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  @Override
  String redisUri() {
    return cluster.uri();
  }

  @Override
  long publishCalls() {
    return cluster.cluster().publishCalls();
  }
}
