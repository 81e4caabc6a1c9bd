package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.testkit.contract.SalesFloorRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sales floor contract against Redis; the second view is a second connection, as a second node.
 * Every assertion lives in {@link SalesFloorRepositoryContract}.
 */
class RedisSalesFloorRepositoryTest extends SalesFloorRepositoryContract {
  static RedisServerProcess server;
  static RedisClient client;
  static StatefulRedisConnection<String, String> first;
  static StatefulRedisConnection<String, String> second;

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.startNew();
    client = RedisClient.create(server.uri());
    first = client.connect();
    second = client.connect();
  }

  @AfterAll
  static void stopRedis() {
    first.close();
    second.close();
    client.shutdown();
    server.stop();
  }

  @Override
  protected SalesFloorRepository newRepository() {
    return new RedisSalesFloorRepository(first, "tf:");
  }

  @Override
  protected SalesFloorRepository newSecondView(SalesFloorRepository firstView) {
    return new RedisSalesFloorRepository(second, "tf:");
  }
}
