package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user with the commercial role went offline (raised with UserDisconnected).
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param userId the commercial
 */
public record CommercialDisconnected(
    UUID eventId, Instant occurredAt, CompanyId companyId, UserId userId) implements DomainEvent {
  /** Requires every component. */
  public CommercialDisconnected {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(userId, "userId");
  }

  @Override
  public String aggregateId() {
    return userId.value();
  }
}
