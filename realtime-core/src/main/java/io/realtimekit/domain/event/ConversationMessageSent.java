package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.ConversationId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message was accepted in a conversation and handed to its participants. The host persists
 * messages from this event.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 * @param messageId the server-set message id
 * @param from the sender
 * @param message the text (never logged at INFO)
 */
public record ConversationMessageSent(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    ConversationId conversationId,
    String messageId,
    UserId from,
    String message)
    implements DomainEvent {
  /** Requires every component. */
  public ConversationMessageSent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String aggregateId() {
    return conversationId.value();
  }
}
