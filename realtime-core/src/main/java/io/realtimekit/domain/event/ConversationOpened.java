package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.Participant;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A conversation was opened with its first participants.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the conversation
 * @param conversationId the conversation
 * @param participants who takes part from the start, with their roles
 */
public record ConversationOpened(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    ConversationId conversationId,
    List<Participant> participants)
    implements DomainEvent {
  /** Requires every component. */
  public ConversationOpened {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(conversationId, "conversationId");
    participants = List.copyOf(participants);
  }

  @Override
  public String aggregateId() {
    return conversationId.value();
  }
}
