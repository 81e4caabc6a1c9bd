package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A redis-server of its own on a free port, and one Lettuce connection to it, for a test class:
 * started before its first test and stopped, with the client, after its last. Register it as
 * {@code @RegisterExtension static final RedisConnectionExtension redis = new
 * RedisConnectionExtension();}.
 */
final class RedisConnectionExtension implements BeforeAllCallback, AfterAllCallback {
  private RedisServerProcess server;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServerProcess.startNew();
    client = RedisClient.create(server.uri());
    connection = client.connect();
  }

  @Override
  public void afterAll(ExtensionContext context) {
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

  /** The connection shared by the class's tests (thread-safe). */
  StatefulRedisConnection<String, String> connection() {
    return connection;
  }
}
