package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A direct chat message was delivered to at least one socket of its receiver.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param messageId the server-set message id
 * @param from the sender
 * @param to the receiver
 * @param message the text (never logged at INFO)
 * @param deliveredConnections how many sockets of the receiver got it
 */
public record ChatMessageSent(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    String messageId,
    UserId from,
    UserId to,
    String message,
    int deliveredConnections)
    implements DomainEvent {
  /** Requires every component. */
  public ChatMessageSent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String aggregateId() {
    return from.value();
  }
}
