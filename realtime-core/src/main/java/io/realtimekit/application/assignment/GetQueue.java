package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.Query;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The visitors of a company waiting for a commercial, next to be served first.
 *
 * @param companyId the company
 */
public record GetQueue(CompanyId companyId) implements Query<List<UserId>> {
  /** Requires the company. */
  public GetQueue {
    Objects.requireNonNull(companyId, "companyId");
  }
}
