package io.realtimekit.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every test of {@link ClusterTest} (chat, presence, receipts, typing, grace periods), with the
 * nodes on a Redis Cluster of 3 masters (one for the class) instead of a standalone Redis.
 */
class RedisClusterChatTest extends ClusterTest {
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
