package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The host application pushed a notification to a user, a role in a company, or a company.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param target who it was for
 * @param type the notification type (the event name clients receive)
 * @param deliveredConnections how many sockets on this node received it
 */
public record NotificationSent(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    NotificationTarget target,
    String type,
    int deliveredConnections)
    implements DomainEvent {
  /** Requires every component. */
  public NotificationSent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public String aggregateId() {
    return target.aggregateId(companyId);
  }
}
