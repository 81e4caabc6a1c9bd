package io.realtimekit.application.clientevent;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.command.ChatMessageReceipt;
import io.realtimekit.application.command.SendChatMessage;
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
 * The client events the library handles itself: {@code chat:message {to, message}} and {@code
 * presence:list {role?}}.
 */
public final class BuiltInClientEvents {
  private BuiltInClientEvents() {}

  /** Registers both on {@code router}. */
  public static Registration registerOn(ClientEventRouter router) {
    List<Registration> regs =
        List.of(
            router.on("chat:message", RoleGuard.anyone(), BuiltInClientEvents::chatMessage),
            router.on("presence:list", RoleGuard.anyone(), BuiltInClientEvents::presenceList));
    return () -> regs.forEach(Registration::close);
  }

  static void chatMessage(ClientEventContext ctx) {
    JsonNode data = ctx.data();
    String to = requiredText(data, "to");
    String message = requiredText(data, "message");
    Caller caller = ctx.caller();
    Result<ChatMessageReceipt> result =
        ctx.send(new SendChatMessage(caller.userId(), caller.companyId(), UserId.of(to), message));
    if (result.isOk()) {
      ChatMessageReceipt r = result.value();
      ctx.reply(Map.of("id", r.messageId(), "sentAt", r.sentAt().toString()));
    } else {
      ctx.fail(result.failure().code(), result.failure().message());
    }
  }

  static void presenceList(ClientEventContext ctx) {
    JsonNode data = ctx.data();
    Optional<Role> role = Optional.empty();
    if (data.isObject() && data.hasNonNull("role")) {
      role = Optional.of(Role.of(requiredText(data, "role")));
    }
    Caller caller = ctx.caller();
    boolean seesVisitors = !caller.roles().equals(java.util.Set.of(Role.VISITOR));
    List<Map<String, Object>> users = new ArrayList<>();
    for (ConnectionUser u : ctx.ask(new FindConnectedUsers(caller.companyId(), role))) {
      boolean onlyVisitor = u.roles().equals(java.util.Set.of(Role.VISITOR));
      if (onlyVisitor && !seesVisitors && !u.userId().equals(caller.userId())) {
        continue;
      }
      users.add(Map.of(
          "userId", u.userId().value(),
          "roles", u.roles().stream().map(Role::name).sorted().toList(),
          "connections", u.connections().size()));
    }
    ctx.reply(Map.of("users", users));
  }

  private static String requiredText(JsonNode data, String field) {
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
