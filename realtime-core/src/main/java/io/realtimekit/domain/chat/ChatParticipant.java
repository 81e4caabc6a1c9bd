package io.realtimekit.domain.chat;

import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One side of a direct message, as a {@link ChatPolicy} sees it.
 *
 * @param userId the user
 * @param roles its roles
 * @param assignedCommercial for a visitor with assignment on, the commercial it is assigned to
 */
public record ChatParticipant(UserId userId, Set<Role> roles, Optional<UserId> assignedCommercial) {
  /** Validates and copies. */
  public ChatParticipant {
    Objects.requireNonNull(userId, "userId");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(assignedCommercial, "assignedCommercial");
  }

  /** True when the participant's only role is visitor. */
  public boolean isOnlyVisitor() {
    return Role.isOnlyVisitor(roles);
  }

  /** True when it holds {@code role}. */
  public boolean hasRole(Role role) {
    return roles.contains(role);
  }
}
