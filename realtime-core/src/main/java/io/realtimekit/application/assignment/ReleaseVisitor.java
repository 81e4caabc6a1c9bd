package io.realtimekit.application.assignment;

import io.realtimekit.application.Checks;
import io.realtimekit.application.bus.Command;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.SalesFloor;

/**
 * Ends a visitor's assignment (the conversation is over); its commercial takes the next in line.
 *
 * @param companyId the company
 * @param visitorId the visitor
 */
public record ReleaseVisitor(CompanyId companyId, UserId visitorId) implements Command<SalesFloor> {
  /** Validates. */
  public ReleaseVisitor {
    Checks.required(companyId, "companyId");
    Checks.required(visitorId, "visitorId");
  }
}
