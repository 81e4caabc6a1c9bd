package io.realtimekit.application.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.clientevent.ClientEventContext;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.clientevent.Payloads;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.PresenceVisibility;
import io.realtimekit.domain.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The presence client event: {@code presence:list {role?}}, a snapshot of the company's connected
 * users the caller may see, then diffs to that socket.
 */
final class PresenceClientEvents {
  private final PresenceAnnouncer presence;

  /** @param presence receives the {@code presence:list} watchers */
  PresenceClientEvents(PresenceAnnouncer presence) {
    this.presence = presence;
  }

  /** Registers the presence event on {@code router}. */
  Registration registerOn(ClientEventRouter router) {
    return router.on(PresenceEvents.LIST, RoleGuard.anyone(), this::presenceList);
  }

  void presenceList(ClientEventContext ctx) {
    JsonNode data = ctx.data();
    Optional<Role> role = Optional.empty();
    if (data.isObject() && data.hasNonNull("role")) {
      role = Optional.of(Role.of(Payloads.text(data, "role")));
    }
    Caller caller = ctx.caller();
    List<Map<String, Object>> users = new ArrayList<>();
    for (ConnectionUser u : ctx.ask(new FindConnectedUsers(caller.companyId(), role))) {
      if (PresenceVisibility.sees(caller.userId(), caller.roles(), u.userId(), u.roles())) {
        users.add(Map.of(
            "userId", u.userId().value(),
            "roles", u.roles().stream().map(Role::name).sorted().toList(),
            "connections", u.connections().size()));
      }
    }
    presence.watch(caller.connectionId());
    ctx.reply(Map.of("users", users));
  }
}
