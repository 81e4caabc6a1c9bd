package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The roles of a user changed.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param userId the user
 * @param previous its roles before
 * @param current its roles now
 */
public record RolesUpdated(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    UserId userId,
    Set<Role> previous,
    Set<Role> current)
    implements DomainEvent {
  /** Requires every component. */
  public RolesUpdated {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(userId, "userId");
    previous = Set.copyOf(previous);
    current = Set.copyOf(current);
  }

  @Override
  public String aggregateId() {
    return userId.value();
  }
}
