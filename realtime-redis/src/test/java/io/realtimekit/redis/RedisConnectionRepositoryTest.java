package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.NodeId;
import io.realtimekit.testkit.contract.ConnectionRepositoryContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The core's repository contract against Redis; each test gets its own key prefix. Every assertion
 * lives in {@link ConnectionRepositoryContract}.
 */
class RedisConnectionRepositoryTest extends ConnectionRepositoryContract {
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
  protected ConnectionRepository newRepository() {
    // the contract's connections are all on node-1: this repository saves for that node
    return new RedisConnectionRepository(
        connection, "t" + UUID.randomUUID() + ":", NodeId.of("node-1"));
  }
}
