package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened in the real-time context. Every event has its own id, the id of the
 * aggregate it concerns, the company it belongs to (events never cross companies) and the instant
 * it occurred.
 */
public sealed interface DomainEvent
    permits ConnectionOpened,
        ConnectionClosed,
        UserConnected,
        UserDisconnected,
        CommercialConnected,
        CommercialDisconnected,
        RolesUpdated,
        ChatMessageSent,
        ChatMessageRejected,
        ChatMessageKept,
        ChatMessageExpired,
        NotificationSent,
        VisitorAssigned,
        VisitorUnassigned,
        VisitorQueued,
        ConversationOpened,
        ParticipantAdded,
        ParticipantRemoved,
        ConversationClosed,
        ConversationMessageSent,
        ConversationRead {

  /** Unique id of this event (for de-duplication by subscribers). */
  UUID eventId();

  /** When it happened, by the context's clock. */
  Instant occurredAt();

  /** The company (tenant) the event belongs to. */
  CompanyId companyId();

  /**
   * The id of the aggregate it concerns: a user id, the company id for company-wide events, or a
   * conversation id.
   */
  String aggregateId();
}
