package io.realtimekit.application.port;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how many messages an {@link OfflineInbox} keeps per user.
 *
 * @param ttl a message not acknowledged this long after it was sent expires. Default 7 days
 * @param maxMessages at most this many messages are kept per user; a new one pushes the oldest out.
 *     Default 1,000
 */
public record InboxLimits(Duration ttl, int maxMessages) {
  /** The defaults: 7 days, 1,000 messages. */
  public static final InboxLimits DEFAULTS = new InboxLimits(Duration.ofDays(7), 1_000);

  /** Validates: a TTL of at least 1 ms, at least one message. */
  public InboxLimits {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("offlineInboxTtl must be at least 1 ms");
    }
    if (maxMessages < 1) {
      throw new IllegalArgumentException("offlineInboxMaxMessages must be at least 1");
    }
  }
}
