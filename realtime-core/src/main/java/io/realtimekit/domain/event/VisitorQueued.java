package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A visitor waits for a commercial, or its place in the company's queue changed.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company
 * @param visitorId the visitor
 * @param position its place in the queue, 1 for the next to be served
 */
public record VisitorQueued(
    UUID eventId, Instant occurredAt, CompanyId companyId, UserId visitorId, int position)
    implements DomainEvent {
  /** Requires every component. */
  public VisitorQueued {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(visitorId, "visitorId");
  }

  @Override
  public String aggregateId() {
    return companyId.toString();
  }
}
