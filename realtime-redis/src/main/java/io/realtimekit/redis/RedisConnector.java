package io.realtimekit.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens the engine's two Redis connections (commands and pub/sub) from its URI: {@code
 * redis://host:port} (or {@code rediss://}) for a standalone Redis, {@code
 * redis-cluster://host:port,host:port,...} (or {@code rediss-cluster://}) for a Redis Cluster, the
 * hosts being seeds (any few nodes of the cluster; the client discovers the others). Either way
 * commands fail at once while disconnected rather than wait in a queue.
 */
final class RedisConnector {
  private final AbstractRedisClient client;
  private final StatefulConnection<String, String> connection;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final RedisAccess access;

  private RedisConnector(
      AbstractRedisClient client,
      StatefulConnection<String, String> connection,
      StatefulRedisPubSubConnection<String, String> pubsub,
      RedisAccess access) {
    this.client = client;
    this.connection = connection;
    this.pubsub = pubsub;
    this.access = access;
  }

  /** True for a {@code redis-cluster://} or {@code rediss-cluster://} URI. */
  static boolean isCluster(String uri) {
    String u = uri.toLowerCase(Locale.ROOT);
    return u.startsWith("redis-cluster://") || u.startsWith("rediss-cluster://");
  }

  /**
   * The seed nodes of a cluster URI, as {@code redis://} (or {@code rediss://}) URIs.
   *
   * @throws IllegalArgumentException when it names no host
   */
  static List<RedisURI> seeds(String uri, Duration timeout) {
    int scheme = uri.indexOf("://");
    String base = uri.substring(0, scheme).toLowerCase(Locale.ROOT).replace("-cluster", "");
    String rest = uri.substring(scheme + 3);
    String userInfo = "";
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      userInfo = rest.substring(0, at + 1);
      rest = rest.substring(at + 1);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
    }
    List<RedisURI> out = new ArrayList<>();
    for (String host : rest.split(",")) {
      if (!host.isBlank()) {
        RedisURI r = RedisURI.create(base + "://" + userInfo + host.trim() + path);
        r.setTimeout(timeout);
        out.add(r);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no host in the Redis Cluster URI " + uri);
    }
    return out;
  }

  /** Connects; on failure nothing is left open. */
  static RedisConnector open(String uri, ClientResources resources, Duration commandTimeout) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(commandTimeout).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
    if (!isCluster(uri)) {
      RedisURI r = RedisURI.create(uri);
      r.setTimeout(commandTimeout);
      RedisClient client = RedisClient.create(resources, r);
      client.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              // fail at once while disconnected: never queue a message to send it late, or never
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(timeouts)
              .socketOptions(socket)
              .build());
      try {
        StatefulRedisConnection<String, String> c = client.connect();
        return new RedisConnector(client, c, client.connectPubSub(), RedisAccess.of(c));
      } catch (RuntimeException e) {
        client.shutdown();
        throw e;
      }
    }
    RedisClusterClient client = RedisClusterClient.create(resources, seeds(uri, commandTimeout));
    client.setOptions(
        ClusterClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(timeouts)
            .socketOptions(socket)
            // a failover is seen within a second (periodic) or at the first redirection or
            // reconnection (adaptive)
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(1))
                    .enableAllAdaptiveRefreshTriggers()
                    .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                    .build())
            .build());
    try {
      StatefulRedisClusterConnection<String, String> c = client.connect();
      RedisConnector connector =
          new RedisConnector(client, c, client.connectPubSub(), RedisAccess.of(c));
      connector.warmUp(true);
      return connector;
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /**
   * Opens the connections to every master (Redis Cluster; nothing on a standalone Redis). The
   * cluster client connects to a node on its first command, and a command on a connection still
   * opening is rejected (commands never wait for a connection): so the engine opens them ahead, at
   * start ({@code wait}) and every heartbeat (without waiting, for a master a failover promoted).
   */
  void warmUp(boolean wait) {
    if (!(connection instanceof StatefulRedisClusterConnection<String, String> c)) {
      return;
    }
    StatefulRedisClusterPubSubConnection<String, String> p =
        (StatefulRedisClusterPubSubConnection<String, String>) pubsub;
    for (RedisClusterNode n : c.getPartitions()) {
      if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        // commands are routed by host and port, some pub/sub commands by node id: both
        String host = n.getUri().getHost();
        int port = n.getUri().getPort();
        if (wait) {
          c.getConnection(host, port);
          p.getConnection(host, port);
          p.getConnection(n.getNodeId());
        } else {
          c.getConnectionAsync(host, port);
          p.getConnectionAsync(host, port);
          p.getConnectionAsync(n.getNodeId());
        }
      }
    }
  }

  RedisAccess access() {
    return access;
  }

  StatefulRedisPubSubConnection<String, String> pubsub() {
    return pubsub;
  }

  /**
   * A further pub/sub connection, owned (and closed) by the caller: on a Redis Cluster a plain
   * {@code SUBSCRIBE} on it hears a {@code PUBLISH} from any node of the cluster.
   */
  StatefulRedisPubSubConnection<String, String> openPubSub() {
    if (client instanceof RedisClusterClient c) {
      return c.connectPubSub();
    }
    return ((RedisClient) client).connectPubSub();
  }

  /** Closes both connections and the client. */
  void close() {
    pubsub.close();
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
