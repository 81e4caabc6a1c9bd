package io.realtimekit.application.presence;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Role;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The users of a company with a live socket, optionally only those holding a role.
 *
 * @param companyId the company
 * @param role when present, only users holding it
 */
public record FindConnectedUsers(CompanyId companyId, Optional<Role> role)
    implements Query<List<ConnectionUser>> {
  /** Requires the company. */
  public FindConnectedUsers {
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(role, "role");
  }
}
