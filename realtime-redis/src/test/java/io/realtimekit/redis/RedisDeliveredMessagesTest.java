package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.testkit.contract.DeliveredMessagesContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The core's delivered-messages contract against the shared Redis store; each test gets its own key
 * prefix.
 */
class RedisDeliveredMessagesTest extends DeliveredMessagesContract {
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
  protected DeliveredMessages newStore() {
    return new RedisDeliveredMessages(
        connection, new Keys("t" + UUID.randomUUID() + ":"), Duration.ofMinutes(5));
  }
}
