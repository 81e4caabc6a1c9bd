package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.testkit.contract.NodeLeasesContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The core's lease contract against a real Redis; each test gets its own key prefix. */
class RedisNodeLeasesTest extends NodeLeasesContract {
  static RedisServerProcess server;
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.startNew();
    client = RedisClient.create(server.uri());
    connection = client.connect();
  }

  @AfterAll
  static void stopRedis() {
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
  protected NodeLeases newLeases() {
    return new RedisNodeLeases(connection.sync(), "t" + UUID.randomUUID() + ":");
  }
}
