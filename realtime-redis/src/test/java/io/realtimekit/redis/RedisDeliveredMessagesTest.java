package io.realtimekit.redis;

import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.testkit.contract.DeliveredMessagesContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core's delivered-messages contract against the shared Redis store; each test gets its own key
 * prefix.
 */
class RedisDeliveredMessagesTest extends DeliveredMessagesContract {
  @RegisterExtension static final RedisConnectionExtension redis = new RedisConnectionExtension();

  @Override
  protected DeliveredMessages newStore() {
    return new RedisDeliveredMessages(
        redis.connection(), new Keys("t" + UUID.randomUUID() + ":"), Duration.ofMinutes(5));
  }
}
