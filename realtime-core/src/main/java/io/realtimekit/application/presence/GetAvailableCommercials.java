package io.realtimekit.application.presence;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionUser;
import java.util.List;
import java.util.Objects;

/**
 * The commercials of a company who have a live socket, and so can take visitors.
 *
 * @param companyId the company
 */
public record GetAvailableCommercials(CompanyId companyId) implements Query<List<ConnectionUser>> {
  /** Requires the company. */
  public GetAvailableCommercials {
    Objects.requireNonNull(companyId, "companyId");
  }
}
