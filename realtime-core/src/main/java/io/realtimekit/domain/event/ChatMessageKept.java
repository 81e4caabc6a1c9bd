package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A direct chat message reached no socket of its receiver and was kept in the receiver's offline
 * inbox (the {@code keep} offline policy): it is delivered when the receiver next connects, until
 * acknowledged, or expires ({@link ChatMessageExpired}). A host may persist it, or notify the
 * receiver by e-mail.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of both users
 * @param messageId the server-set message id
 * @param from the sender
 * @param to the receiver
 * @param message the text
 * @param sentAt when it was sent
 * @param expiresAt when it expires unless acknowledged before
 */
public record ChatMessageKept(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    String messageId,
    UserId from,
    UserId to,
    String message,
    Instant sentAt,
    Instant expiresAt)
    implements DomainEvent {
  /** Requires every component. */
  public ChatMessageKept {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String aggregateId() {
    return to.value();
  }
}
