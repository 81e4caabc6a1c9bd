package io.realtimekit.application.clientevent;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.IsoInstantText;
import io.realtimekit.application.PresenceAnnouncer;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.command.AcknowledgeMessage;
import io.realtimekit.application.command.ChatMessageReceipt;
import io.realtimekit.application.command.SendChatMessage;
import io.realtimekit.application.command.SendTypingIndicator;
import io.realtimekit.application.port.RawJson;
import io.realtimekit.application.query.FindConnectedUsers;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client events the library handles itself: {@code chat:message {to, message}}, {@code
 * chat:typing {to, typing}}, {@code chat:delivered {id}}, {@code chat:read {id}} and {@code
 * presence:list {role?, limit?, cursor?}} (a paged snapshot, then diffs).
 */
public final class BuiltInClientEvents {
  private final PresenceAnnouncer presence;
  private final IsoInstantText sentAtText = new IsoInstantText();

  /** @param presence receives the {@code presence:list} watchers */
  public BuiltInClientEvents(PresenceAnnouncer presence) {
    this.presence = presence;
  }

  /** Registers every built-in event on {@code router}. */
  public Registration registerOn(ClientEventRouter router) {
    List<Registration> regs = List.of(
        router.on("chat:message", RoleGuard.anyone(), this::chatMessage),
        router.on("chat:typing", RoleGuard.anyone(), this::typing),
        router.on("chat:delivered", RoleGuard.anyone(), ctx -> acknowledge(ctx, false)),
        router.on("chat:read", RoleGuard.anyone(), ctx -> acknowledge(ctx, true)),
        router.on("presence:list", RoleGuard.anyone(), this::presenceList));
    return () -> regs.forEach(Registration::close);
  }

  void chatMessage(ClientEventContext ctx) {
    String to = text(ctx.data(), "to");
    String message = text(ctx.data(), "message");
    Caller caller = ctx.caller();
    Result<ChatMessageReceipt> result =
        ctx.send(new SendChatMessage(caller.userId(), caller.companyId(), UserId.of(to), message));
    ctx.answer(result.map(r -> {
      StringBuilder json = RawJson.appendQuoted(new StringBuilder(64).append("{\"id\":"), r.messageId());
      sentAtText.appendTo(json.append(",\"sentAt\":\""), r.sentAt()).append("\"}");
      return new RawJson(json.toString());
    }));
  }

  void typing(ClientEventContext ctx) {
    String to = text(ctx.data(), "to");
    JsonNode typing = ctx.data().get("typing");
    if (typing == null || !typing.isBoolean()) {
      throw DomainException.invalid("\"typing\" must be true or false");
    }
    Caller caller = ctx.caller();
    ctx.answer(ctx.send(new SendTypingIndicator(caller.userId(), caller.companyId(), UserId.of(to), typing.booleanValue())));
  }

  void acknowledge(ClientEventContext ctx, boolean read) {
    String id = text(ctx.data(), "id");
    Caller caller = ctx.caller();
    ctx.answer(ctx.send(new AcknowledgeMessage(caller.userId(), caller.companyId(), id, read)));
  }

  /**
   * {@code presence:list {role?, limit?, cursor?}}: a page of the company's online users the caller
   * may see, ordered by user id, as {@code {users, nextCursor}} ({@code nextCursor} null on the last
   * page); subscribes the socket to the diffs.
   */
  void presenceList(ClientEventContext ctx) {
    JsonNode data = ctx.data();
    Optional<Role> role = Optional.empty();
    if (data.isObject() && data.hasNonNull("role")) {
      role = Optional.of(Role.of(text(data, "role")));
    }
    int limit = Paging.limit(data);
    String after = Paging.cursor(data, "p");
    Caller caller = ctx.caller();
    List<ConnectionUser> visible = new ArrayList<>();
    for (ConnectionUser u : ctx.ask(new FindConnectedUsers(caller.companyId(), role))) {
      if ((after == null || u.userId().value().compareTo(after) > 0)
          && PresenceAnnouncer.sees(caller.roles(), caller.userId(), u.roles(), u.userId())) {
        visible.add(u);
      }
    }
    visible.sort(java.util.Comparator.comparing(u -> u.userId().value()));
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
      users.add(Map.of("userId", u.userId().value(), "roles", roles, "connections", u.connections().size()));
      last = u.userId().value();
    }
    presence.watch(caller.connectionId());
    Map<String, Object> reply = new java.util.LinkedHashMap<>();
    reply.put("users", users);
    reply.put("nextCursor", users.size() < visible.size() ? Paging.cursorOf("p", last) : null);
    ctx.reply(reply);
  }

  /** The string field {@code field} of an object payload; a clear validation error otherwise. */
  static String text(JsonNode data, String field) {
    if (data == null || !data.isObject()) {
      throw DomainException.invalid("data must be an object");
    }
    JsonNode node = data.get(field);
    if (node == null || !node.isTextual()) {
      throw DomainException.invalid("\"" + field + "\" must be a string");
    }
    return node.textValue();
  }
}
