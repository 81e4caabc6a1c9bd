package io.realtimekit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.ConversationRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conversation contract against a real redis-server; the second view is a second connection, as
 * a second node. Every assertion lives in {@link ConversationRepositoryContract}.
 */
class RedisConversationRepositoryTest extends ConversationRepositoryContract {
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
  protected ConversationRepository newRepository() {
    return new RedisConversationRepository(first, "tc:");
  }

  @Override
  protected ConversationRepository newSecondView(ConversationRepository firstView) {
    return new RedisConversationRepository(second, "tc:");
  }
}
