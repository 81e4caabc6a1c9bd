package io.realtimekit.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every test of {@link ClusterContinuityTest} (continuity and recovery across nodes), with the
 * nodes on a Redis Cluster of 3 masters (one for the class) instead of a standalone Redis.
 */
class RedisClusterContinuityTest extends ClusterContinuityTest {
  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  @Override
  String redisUri() {
    return cluster.uri();
  }

  @Override
  void loseAllData() {
    cluster.cluster().flushAll();
  }
}
