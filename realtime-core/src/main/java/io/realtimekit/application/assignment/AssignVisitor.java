package io.realtimekit.application.assignment;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.SalesFloor;

/**
 * Assigns a waiting or assigned visitor to a chosen online commercial with room: a claim
 * (offer-to-all), a manual assignment, or a transfer. The result is the floor after it.
 *
 * @param companyId the company
 * @param visitorId the visitor
 * @param commercialId the commercial
 */
public record AssignVisitor(CompanyId companyId, UserId visitorId, UserId commercialId)
    implements Command<SalesFloor> {
  /** Validates. */
  public AssignVisitor {
    Checks.required(companyId, "companyId");
    Checks.required(visitorId, "visitorId");
    Checks.required(commercialId, "commercialId");
  }
}
