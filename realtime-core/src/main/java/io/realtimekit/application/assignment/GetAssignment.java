package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * The commercial a visitor is assigned to, if any.
 *
 * @param companyId the company
 * @param visitorId the visitor
 */
public record GetAssignment(CompanyId companyId, UserId visitorId)
    implements Query<Optional<UserId>> {
  /** Requires both. */
  public GetAssignment {
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(visitorId, "visitorId");
  }
}
