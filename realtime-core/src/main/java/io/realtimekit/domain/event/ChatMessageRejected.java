package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A direct chat message was refused (receiver offline, another company, policy).
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param from the sender
 * @param to the intended receiver
 * @param reason why it was refused
 */
public record ChatMessageRejected(
    UUID eventId, Instant occurredAt, CompanyId companyId, UserId from, UserId to, ErrorCode reason)
    implements DomainEvent {
  /** Requires every component. */
  public ChatMessageRejected {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String aggregateId() {
    return from.value();
  }
}
