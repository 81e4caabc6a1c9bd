package io.realtimekit.application.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.clientevent.ClientEventContext;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.clientevent.Paging;
import io.realtimekit.application.clientevent.Payloads;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.PresenceVisibility;
import io.realtimekit.domain.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The presence client event: {@code presence:list {role?}}, a snapshot of the company's connected
 * users the caller may see, then diffs to that socket.
 */
final class PresenceClientEvents {
  private final PresenceAnnouncer presence;

  /**
   * @param presence receives the {@code presence:list} watchers
   */
  PresenceClientEvents(PresenceAnnouncer presence) {
    this.presence = presence;
  }

  /** Registers the presence event on {@code router}. */
  Registration registerOn(ClientEventRouter router) {
    return router.on(PresenceEvents.LIST, RoleGuard.anyone(), this::presenceList);
  }

  /**
   * {@code presence:list {role?, limit?, cursor?}}: a page of the company's online users the caller
   * may see, ordered by user id, as {@code {users, nextCursor}} ({@code nextCursor} null on the
   * last page); subscribes the socket to the diffs.
   */
  void presenceList(ClientEventContext ctx) {
    JsonNode data = ctx.data();
    Optional<Role> role = Optional.empty();
    if (data.isObject() && data.hasNonNull("role")) {
      role = Optional.of(Role.of(Payloads.text(data, "role")));
    }
    int limit = Paging.limit(data);
    String after = Paging.cursor(data, "p");
    Caller caller = ctx.caller();
    List<ConnectionUser> visible = new ArrayList<>();
    for (ConnectionUser u : ctx.ask(new FindConnectedUsers(caller.companyId(), role))) {
      if ((after == null || u.userId().value().compareTo(after) > 0)
          && PresenceVisibility.sees(caller.userId(), caller.roles(), u.userId(), u.roles())) {
        visible.add(u);
      }
    }
    visible.sort(Comparator.comparing(u -> u.userId().value()));
    int budget = Paging.budget(ctx.maxReplyBytes());
    List<Map<String, Object>> users = new ArrayList<>(Math.min(limit, visible.size()));
    String last = null;
    for (ConnectionUser u : visible) {
      List<String> roles = u.roles().stream().map(Role::name).sorted().toList();
      int size = Paging.jsonBytes(u.userId().value()) + 48;
      for (String r : roles) {
        size += Paging.jsonBytes(r) + 1;
      }
      if (users.size() == limit || (budget -= size) < 0) {
        if (users.isEmpty()) {
          throw Paging.tooSmall();
        }
        break;
      }
      users.add(
          Map.of(
              "userId", u.userId().value(), "roles", roles, "connections", u.connections().size()));
      last = u.userId().value();
    }
    presence.watch(caller.connectionId());
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("users", users);
    reply.put("nextCursor", users.size() < visible.size() ? Paging.cursorOf("p", last) : null);
    ctx.reply(reply);
  }
}
