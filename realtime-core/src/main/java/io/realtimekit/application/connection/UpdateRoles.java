package io.realtimekit.application.connection;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Set;

/**
 * Replaces the roles of a connected user (for example a visitor promoted to a customer).
 *
 * @param userId the user
 * @param roles its new roles, not empty
 */
public record UpdateRoles(UserId userId, Set<Role> roles) implements Command<ConnectionUser> {
  /** Validates. */
  public UpdateRoles {
    Checks.required(userId, "userId");
    if (roles == null || roles.isEmpty()) {
      throw DomainException.invalid("roles must not be empty");
    }
    roles = Set.copyOf(roles);
  }
}
