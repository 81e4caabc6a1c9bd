package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A chat message kept in an {@link OfflineInbox} for a receiver that had no socket when it was
 * sent.
 *
 * @param messageId the server-set id of the message (the one the sender was answered, and the one
 *     the receiver acknowledges with {@code chat:delivered})
 * @param companyId the company of both users
 * @param from the sender
 * @param to the receiver, whose inbox keeps it
 * @param message the text
 * @param sentAt when it was sent; it expires {@link InboxLimits#ttl()} after this
 */
public record InboxMessage(
    String messageId, CompanyId companyId, UserId from, UserId to, String message, Instant sentAt) {
  /** Requires every component. */
  public InboxMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sentAt, "sentAt");
  }
}
