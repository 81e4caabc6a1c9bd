package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A visitor is no longer assigned to a commercial.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company
 * @param visitorId the visitor
 * @param commercialId the commercial it had
 * @param reason {@code visitor-left}, {@code commercial-offline}, {@code transferred} or {@code
 *     released}
 */
public record VisitorUnassigned(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    UserId visitorId,
    UserId commercialId,
    String reason)
    implements DomainEvent {
  /** Requires every component. */
  public VisitorUnassigned {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(visitorId, "visitorId");
    Objects.requireNonNull(commercialId, "commercialId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String aggregateId() {
    return companyId.toString();
  }
}
