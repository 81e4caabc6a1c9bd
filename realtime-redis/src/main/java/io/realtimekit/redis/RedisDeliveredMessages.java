package io.realtimekit.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DeliveredMessages} shared by every node: one key per message, {@code msg:<id>}, holding
 * company, sender and receiver, expiring after a TTL (default 24 h). Remembering is asynchronous
 * (the chat's hot path never waits for Redis); a receipt looks the message up synchronously, and is
 * refused when Redis is unreachable.
 */
public final class RedisDeliveredMessages implements DeliveredMessages {
  private static final Logger log = LoggerFactory.getLogger(RedisDeliveredMessages.class);

  private final RedisAccess connection;
  private final Keys keys;
  private final SetArgs ttl;

  RedisDeliveredMessages(
      StatefulRedisConnection<String, String> connection, Keys keys, Duration ttl) {
    this(RedisAccess.of(connection), keys, ttl);
  }

  RedisDeliveredMessages(RedisAccess connection, Keys keys, Duration ttl) {
    this.connection = connection;
    this.keys = keys;
    this.ttl = SetArgs.Builder.px(ttl.toMillis());
  }

  @Override
  public void remember(Record r) {
    // ids hold no whitespace or control character, so a newline separates the fields safely
    String value = r.companyId() + "\n" + r.from().value() + "\n" + r.to().value();
    try {
      connection
          .async()
          .set(keys.message(r.messageId()), value, ttl)
          .exceptionally(
              e -> {
                log.debug("delivered message {} not remembered: {}", r.messageId(), e.toString());
                return null;
              });
    } catch (RuntimeException e) {
      log.debug("delivered message {} not remembered: {}", r.messageId(), e.toString());
    }
  }

  @Override
  public Optional<Record> find(String messageId) {
    try {
      String value = connection.sync().get(keys.message(messageId));
      if (value == null) {
        return Optional.empty();
      }
      String[] f = value.split("\n", 3);
      return Optional.of(
          new Record(messageId, CompanyId.of(f[0]), UserId.of(f[1]), UserId.of(f[2])));
    } catch (RuntimeException e) {
      log.debug("delivered message {} not found: {}", messageId, e.toString());
      return Optional.empty();
    }
  }
}
