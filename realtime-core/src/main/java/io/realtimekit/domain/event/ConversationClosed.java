package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.conversation.ConversationId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A conversation was closed: no message is accepted any more.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 */
public record ConversationClosed(
    UUID eventId, Instant occurredAt, CompanyId companyId, ConversationId conversationId)
    implements DomainEvent {
  /** Requires every component. */
  public ConversationClosed {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(conversationId, "conversationId");
  }

  @Override
  public String aggregateId() {
    return conversationId.value();
  }
}
