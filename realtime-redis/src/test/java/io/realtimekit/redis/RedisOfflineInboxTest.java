package io.realtimekit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.InboxMessage;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.OfflineInboxContract;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.testing.ManualScheduler;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline inbox contract against a real redis-server (each test has its own key prefix), and
 * what is particular to Redis: one hash tag per user, keys that expire after a backstop, the index
 * of due users emptied by the sweep.
 */
class RedisOfflineInboxTest extends OfflineInboxContract {
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
  protected OfflineInbox newInbox(InboxLimits limits, ManualScheduler clock) {
    return new RedisOfflineInbox(connection, new Keys(prefix), limits, clock);
  }

  @Test
  void aUsersKeysShareOneHashTagExpireAndLeaveTheDueIndexWhenSwept() {
    ManualScheduler clock = new ManualScheduler();
    Keys keys = new Keys(prefix);
    OfflineInbox inbox =
        new RedisOfflineInbox(connection, keys, new InboxLimits(Duration.ofSeconds(10), 10), clock);
    CompanyId c = CompanyId.of(UUID.randomUUID());
    UserId u = UserId.of("v1");
    inbox.keep(new InboxMessage("m1", c, UserId.of("c1"), u, "hi", clock.instant()));

    String order = keys.inboxOrder(c, u);
    String messages = keys.inboxMessages(c, u);
    String tag = "{" + c + ":v1}";
    assertThat(order).contains(tag);
    assertThat(messages).contains(tag);
    assertThat(io.lettuce.core.cluster.SlotHash.getSlot(order))
        .isEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(messages));
    assertThat(connection.sync().pttl(order)).isGreaterThan(Duration.ofSeconds(10).toMillis());
    assertThat(connection.sync().zcard(keys.inboxDue())).isEqualTo(1);

    clock.advance(Duration.ofSeconds(10));
    assertThat(inbox.expire(100)).extracting(InboxMessage::messageId).containsExactly("m1");
    assertThat(connection.sync().exists(order, messages)).isZero();
    assertThat(connection.sync().zcard(keys.inboxDue())).isZero();
  }
}
