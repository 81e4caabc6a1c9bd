package io.realtimekit.application.presence;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.bus.Registration;
import java.util.List;

/**
 * The entry point of the presence feature: its queries, its announcements of who comes and goes,
 * and the {@code presence:list} client event.
 */
public final class PresenceFeature {
  private PresenceFeature() {}

  /**
   * Registers the presence queries ({@link IsUserConnected}, {@link FindConnectedUsers}, {@link
   * FindUserConnections}, {@link GetAvailableCommercials}), subscribes the announcer to the domain
   * events and registers the client event.
   */
  public static Registration install(FeatureContext ctx) {
    PresenceAnnouncer announcer =
        new PresenceAnnouncer(ctx.delivery(), ctx.json(), ctx.repository());
    List<Registration> regs =
        List.of(
            new PresenceQueries(ctx.repository()).registerOn(ctx.queries()),
            announcer.subscribeTo(ctx.events()),
            new PresenceClientEvents(announcer).registerOn(ctx.router()));
    return () -> regs.forEach(Registration::close);
  }
}
