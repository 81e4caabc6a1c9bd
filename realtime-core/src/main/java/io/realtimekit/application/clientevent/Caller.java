package io.realtimekit.application.clientevent;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who emitted a client event: the authenticated user behind one socket.
 *
 * @param userId the user
 * @param companyId its company
 * @param roles its roles
 * @param connectionId the socket the event came from
 * @param claims the token's other claims
 */
public record Caller(
    UserId userId,
    CompanyId companyId,
    Set<Role> roles,
    ConnectionId connectionId,
    Map<String, Object> claims) {
  /** Validates and copies. */
  public Caller {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(connectionId, "connectionId");
    roles = Set.copyOf(roles);
    claims = Map.copyOf(claims);
  }

  /** True when the caller holds {@code role}. */
  public boolean hasRole(Role role) {
    return roles.contains(role);
  }
}
