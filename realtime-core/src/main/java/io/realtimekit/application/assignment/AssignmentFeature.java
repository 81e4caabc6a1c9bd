package io.realtimekit.application.assignment;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The entry point of the assignment feature, installed when the host turns assignment on: the
 * handlers of {@link AssignVisitor} and {@link ReleaseVisitor}, the assignment queries, the
 * reactions to presence, the announcements and the client events.
 */
public final class AssignmentFeature implements AutoCloseable {
  private final AssignmentService service;

  private AssignmentFeature(AssignmentService service) {
    this.service = service;
  }

  /**
   * Installs assignment on a node.
   *
   * @param floors where sales floors live
   * @param policy who gets a waiting visitor
   * @param defaultCapacity visitors a commercial takes at once when its token says nothing
   * @param executor where the companies' floor changes run (serially per company); null: two daemon
   *     threads owned by the feature and stopped by {@link #close()}
   * @param scheduler schedules the coalesced queue-position refreshes
   */
  public static AssignmentFeature install(
      FeatureContext ctx,
      SalesFloorRepository floors,
      AssignmentPolicy policy,
      int defaultCapacity,
      Executor executor,
      TaskScheduler scheduler) {
    AssignmentService service =
        new AssignmentService(
            floors, ctx.events(), policy, defaultCapacity, ctx.clock(), executor, scheduler);
    service.registerOn(ctx.commands(), ctx.queries());
    new AssignmentAnnouncer(ctx.delivery(), ctx.json(), policy.offersToAll())
        .subscribeTo(ctx.events());
    AssignmentClientEvents.registerOn(ctx.router());
    return new AssignmentFeature(service);
  }

  /** Stops the threads the feature owns. */
  @Override
  public void close() {
    service.close();
  }

  /** The commercial a visitor is assigned to, if any (for the chat policy). */
  public Optional<UserId> assignmentOf(CompanyId companyId, UserId visitorId) {
    return service.assignmentOf(companyId, visitorId);
  }
}
