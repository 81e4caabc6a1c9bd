package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message of an offline inbox ({@link ChatMessageKept}) was dropped before its receiver
 * acknowledged it: it may never have been delivered (the receiver did not connect), or delivered
 * without an acknowledgement. Raised once per message, on one node.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of both users
 * @param messageId the server-set message id
 * @param from the sender
 * @param to the receiver
 * @param message the text
 * @param sentAt when it was sent
 * @param reason why it was dropped
 */
public record ChatMessageExpired(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    String messageId,
    UserId from,
    UserId to,
    String message,
    Instant sentAt,
    Reason reason)
    implements DomainEvent {

  /** Why a kept message was dropped. */
  public enum Reason {
    /** It was kept longer than the inbox's TTL. */
    TTL,
    /** Newer messages to the same receiver pushed it out of the inbox (its cap). */
    CAP
  }

  /** Requires every component. */
  public ChatMessageExpired {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String aggregateId() {
    return to.value();
  }
}
