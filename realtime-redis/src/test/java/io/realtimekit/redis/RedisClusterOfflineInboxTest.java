package io.realtimekit.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every test of {@link ClusterOfflineInboxTest} (offline inboxes handed over between nodes), with
 * the nodes on a Redis Cluster of 3 masters (one for the class) instead of a standalone Redis.
 */
class RedisClusterOfflineInboxTest extends ClusterOfflineInboxTest {
  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  @Override
  String redisUri() {
    return cluster.uri();
  }
}
