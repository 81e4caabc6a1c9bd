package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.Seat;
import java.util.Objects;
import java.util.Optional;

/**
 * A commercial's seat on the floor (capacity and visitors), when it is online.
 *
 * @param companyId the company
 * @param commercialId the commercial
 */
public record GetCommercialLoad(CompanyId companyId, UserId commercialId)
    implements Query<Optional<Seat>> {
  /** Requires both. */
  public GetCommercialLoad {
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(commercialId, "commercialId");
  }
}
