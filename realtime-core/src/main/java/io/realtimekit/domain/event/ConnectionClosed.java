package io.realtimekit.domain.event;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A socket of a user closed (one event per socket). The user may still be online through another.
 *
 * @param eventId unique id of this event
 * @param occurredAt when it happened
 * @param companyId the company of the user
 * @param userId the user
 * @param connectionId the closed socket
 * @param nodeId the node that held it
 * @param remainingConnections how many sockets the user still has
 */
public record ConnectionClosed(
    UUID eventId,
    Instant occurredAt,
    CompanyId companyId,
    UserId userId,
    ConnectionId connectionId,
    NodeId nodeId,
    int remainingConnections)
    implements DomainEvent {
  /** Requires every component. */
  public ConnectionClosed {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String aggregateId() {
    return userId.value();
  }
}
