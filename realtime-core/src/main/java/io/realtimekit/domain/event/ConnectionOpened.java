package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A socket of a user was authenticated (one event per socket, including a user's first).
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param userId the user
 * @param roles the user's roles
 * @param connectionId the new socket
 * @param nodeId the node holding it
 * @param claims the other claims of the token the socket authenticated with (for example {@code
 *     maxChats}); empty when none
 */
public record ConnectionOpened(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    UserId userId,
    Set<Role> roles,
    ConnectionId connectionId,
    NodeId nodeId,
    Map<String, Object> claims)
    implements DomainEvent {
  /** Requires every component. */
  public ConnectionOpened {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(userId, "userId");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(nodeId, "nodeId");
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }

  @Override
  public String aggregateId() {
    return userId.value();
  }
}
