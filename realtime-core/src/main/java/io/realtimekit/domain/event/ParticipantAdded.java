package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.ParticipantRole;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user joined a conversation (or its role in it changed).
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 * @param userId who joined
 * @param role its role in the conversation
 */
public record ParticipantAdded(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    ConversationId conversationId,
    UserId userId,
    ParticipantRole role)
    implements DomainEvent {
  /** Requires every component. */
  public ParticipantAdded {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
  }

  @Override
  public String aggregateId() {
    return conversationId.value();
  }
}
