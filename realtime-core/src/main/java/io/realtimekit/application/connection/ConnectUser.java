package io.realtimekit.application.connection;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Map;
import java.util.Set;

/**
 * An authenticated socket joins: adds the connection to the user (creating the user on its first
 * socket, refreshing its roles from the token otherwise).
 *
 * @param userId the user
 * @param companyId its company
 * @param roles its roles, from the token
 * @param connectionId the new socket
 * @param nodeId the node holding the socket
 * @param claims the token's other claims, passed on to {@code ConnectionOpened}
 */
public record ConnectUser(
    UserId userId,
    CompanyId companyId,
    Set<Role> roles,
    ConnectionId connectionId,
    NodeId nodeId,
    Map<String, Object> claims)
    implements Command<ConnectionUser> {
  /** Validates. */
  public ConnectUser {
    Checks.required(userId, "userId");
    Checks.required(companyId, "companyId");
    Checks.required(connectionId, "connectionId");
    Checks.required(nodeId, "nodeId");
    if (roles == null || roles.isEmpty()) {
      throw DomainException.invalid("roles must not be empty");
    }
    roles = Set.copyOf(roles);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }
}
