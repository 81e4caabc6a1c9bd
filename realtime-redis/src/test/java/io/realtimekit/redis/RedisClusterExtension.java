package io.realtimekit.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Cluster of its own ({@link RedisClusterProcess}: 3 masters by default) and a Lettuce
 * cluster connection to it, for a test class: started before its first test and stopped, every
 * process with it, after its last, also when a test failed. Register it as
 * {@code @RegisterExtension static final RedisClusterExtension cluster = new
 * RedisClusterExtension();}.
 */
final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private final int masters;
  private final int replicas;
  private RedisClusterProcess cluster;
  private RedisClusterClient client;
  private StatefulRedisClusterConnection<String, String> connection;
  private StatefulRedisClusterConnection<String, String> second;
  private StatefulRedisClusterPubSubConnection<String, String> pubsub;

  RedisClusterExtension() {
    this(3, 0);
  }

  RedisClusterExtension(int masters, int replicas) {
    this.masters = masters;
    this.replicas = replicas;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (cluster != null) {
      return; // @Nested classes call this again
    }
    cluster = RedisClusterProcess.start(masters, replicas);
    client =
        RedisClusterClient.create(
            RedisConnector.seeds(cluster.uri(), java.time.Duration.ofSeconds(5)));
    connection = client.connect();
    second = client.connect();
    pubsub = client.connectPubSub();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context
        .getTestClass()
        .map(c -> c.isAnnotationPresent(org.junit.jupiter.api.Nested.class))
        .orElse(false)) {
      return; // the outer class stops it
    }
    try {
      if (client != null) {
        client.shutdown();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      cluster = null;
    }
  }

  /** The cluster's processes. */
  RedisClusterProcess cluster() {
    return cluster;
  }

  /** {@code redis-cluster://...} for an engine. */
  String uri() {
    return cluster.uri();
  }

  /** Commands over the shared cluster connection (thread-safe). */
  RedisAccess access() {
    return RedisAccess.of(connection);
  }

  /** Commands over a second connection, as a second node. */
  RedisAccess secondAccess() {
    return RedisAccess.of(second);
  }

  /** The shared cluster connection. */
  StatefulRedisClusterConnection<String, String> connection() {
    return connection;
  }

  /** A sharded pub/sub connection. */
  StatefulRedisClusterPubSubConnection<String, String> pubsub() {
    return pubsub;
  }
}
