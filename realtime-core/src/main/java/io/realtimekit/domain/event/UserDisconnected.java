package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A user went offline: its last socket closed and the grace period passed without a reconnect.
 * Raised once.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param userId the user
 * @param roles its roles
 */
public record UserDisconnected(
    UUID eventId, Instant occurredAt, CompanyId companyId, UserId userId, Set<Role> roles)
    implements DomainEvent {
  /** Requires every component. */
  public UserDisconnected {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(userId, "userId");
    roles = Set.copyOf(roles);
  }

  @Override
  public String aggregateId() {
    return userId.value();
  }
}
