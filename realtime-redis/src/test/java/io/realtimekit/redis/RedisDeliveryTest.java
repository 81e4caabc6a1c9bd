package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.domain.NodeId;
import io.realtimekit.testkit.contract.DeliveryPortContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The core's delivery port contract against the cluster delivery, on a real Redis: what one node's
 * sockets get is the same as with the local delivery, publishing included. Each test gets its own
 * key prefix, so no other node listens on its channels.
 */
class RedisDeliveryTest extends DeliveryPortContract {
  static RedisServerProcess server;
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  static StatefulRedisPubSubConnection<String, String> pubsub;

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.startNew();
    client = RedisClient.create(server.uri());
    connection = client.connect();
    pubsub = client.connectPubSub();
  }

  @AfterAll
  static void stopRedis() {
    if (pubsub != null) {
      pubsub.close();
    }
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected DeliveryPort newDelivery(ChannelRegistry registry) {
    return new RedisDelivery(
        registry,
        connection.sync(),
        pubsub,
        new Keys("t" + UUID.randomUUID() + ":"),
        NodeId.of("node-1"));
  }
}
