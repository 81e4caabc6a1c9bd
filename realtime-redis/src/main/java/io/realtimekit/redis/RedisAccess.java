package io.realtimekit.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Objects;

/**
 * The commands this package sends, over a standalone Redis or a Redis Cluster: both Lettuce
 * connections offer the same {@link RedisClusterCommands} (a cluster one routes each command by the
 * slot of its first key).
 *
 * @param sync blocking commands
 * @param async asynchronous commands (pipelined reads)
 * @param cluster true on a Redis Cluster: pub/sub is sharded ({@code SPUBLISH}, {@code SSUBSCRIBE})
 */
record RedisAccess(
    RedisClusterCommands<String, String> sync,
    RedisClusterAsyncCommands<String, String> async,
    boolean cluster) {
  RedisAccess {
    Objects.requireNonNull(sync, "sync");
    Objects.requireNonNull(async, "async");
  }

  /** Over a standalone Redis connection. */
  static RedisAccess of(StatefulRedisConnection<String, String> connection) {
    Objects.requireNonNull(connection, "connection");
    return new RedisAccess(connection.sync(), connection.async(), false);
  }

  /** Over a Redis Cluster connection. */
  static RedisAccess of(StatefulRedisClusterConnection<String, String> connection) {
    Objects.requireNonNull(connection, "connection");
    return new RedisAccess(connection.sync(), connection.async(), true);
  }
}
