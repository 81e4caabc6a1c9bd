package io.realtimekit.application.notification;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.bus.Registration;

/** The entry point of the notification feature: installs its command handlers on a node. */
public final class NotificationFeature {
  private NotificationFeature() {}

  /**
   * Registers the handlers of {@link NotifyUser}, {@link NotifyRole} and {@link NotifyCompany}; a
   * payload whose frame would exceed {@code maxFrameChars} is refused to the host.
   */
  public static Registration install(FeatureContext ctx, long maxFrameChars) {
    return new NotificationHandlers(
            ctx.events(), ctx.delivery(), ctx.json(), ctx.clock(), maxFrameChars)
        .registerOn(ctx.commands());
  }
}
