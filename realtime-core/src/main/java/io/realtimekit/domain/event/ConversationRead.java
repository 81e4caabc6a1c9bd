package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.ConversationId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A participant read a conversation up to a message.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 * @param by the reader
 * @param upTo the id of the last message read
 */
public record ConversationRead(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    ConversationId conversationId,
    UserId by,
    String upTo)
    implements DomainEvent {
  /** Requires every component. */
  public ConversationRead {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(upTo, "upTo");
  }

  @Override
  public String aggregateId() {
    return conversationId.value();
  }
}
