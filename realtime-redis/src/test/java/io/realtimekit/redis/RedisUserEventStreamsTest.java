package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.application.port.UserEventStreamsContract;
import io.realtimekit.testing.ManualScheduler;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The streams contract against a real redis-server; each test has its own key prefix. History is
 * lost the way a Redis without persistence loses it: the server is restarted.
 */
class RedisUserEventStreamsTest extends UserEventStreamsContract {
  static RedisServerProcess server;
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  private final String prefix = "t" + UUID.randomUUID() + ":";

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
  protected UserEventStreams newStreams(StreamLimits limits, ManualScheduler clock) {
    return new RedisUserEventStreams(
        connection, new Keys(prefix), limits, clock, RedisUserEventStreams.DEFAULT_IDLE_RETENTION);
  }

  @Override
  protected UserEventStreams loseHistory(
      UserEventStreams streams, StreamLimits limits, ManualScheduler clock) {
    server.stop();
    server.start();
    // the client reconnects by itself; wait for it before the next command
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> "PONG".equals(connection.sync().ping()));
    return streams;
  }
}
