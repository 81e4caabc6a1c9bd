package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A visitor's place in its company's queue (1 = next to be served), empty when it is not waiting;
 * O(log n).
 *
 * @param companyId the company
 * @param visitorId the visitor
 */
public record GetQueuePosition(CompanyId companyId, UserId visitorId)
    implements Query<Optional<Integer>> {
  /** Requires both. */
  public GetQueuePosition {
    Objects.requireNonNull(companyId, "companyId");
    Objects.requireNonNull(visitorId, "visitorId");
  }
}
