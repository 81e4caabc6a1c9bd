package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A visitor was assigned to a commercial (automatically, by a claim, or by a transfer). Raised once
 * per assignment.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company
 * @param visitorId the visitor
 * @param commercialId the commercial who now has it
 */
public record VisitorAssigned(
    UUID eventId, Instant occurredAt, CompanyId companyId, UserId visitorId, UserId commercialId)
    implements DomainEvent {
  /** Requires every component. */
  public VisitorAssigned {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(visitorId, "visitorId");
    Objects.requireNonNull(commercialId, "commercialId");
  }

  @Override
  public String aggregateId() {
    return companyId.toString();
  }
}
