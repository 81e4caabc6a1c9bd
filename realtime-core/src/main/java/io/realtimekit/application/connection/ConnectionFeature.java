package io.realtimekit.application.connection;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.TaskScheduler;
import java.time.Duration;

/** The entry point of the connection feature: installs its command handlers on a node. */
public final class ConnectionFeature {
  private ConnectionFeature() {}

  /**
   * Registers the handlers of {@link ConnectUser}, {@link DisconnectUser}, {@link
   * DisconnectUserSessions}, {@link UpdateRoles}, {@link DisconnectNode} and {@link
   * ConfirmUserOffline}.
   *
   * @param scheduler runs the grace-period timers
   * @param gracePeriod how long a user stays online after its last socket closed
   */
  public static Registration install(
      FeatureContext ctx, TaskScheduler scheduler, Duration gracePeriod) {
    return new ConnectionHandlers(
            ctx.repository(), ctx.events(), ctx.delivery(), scheduler, ctx.clock(), gracePeriod)
        .registerOn(ctx.commands());
  }
}
