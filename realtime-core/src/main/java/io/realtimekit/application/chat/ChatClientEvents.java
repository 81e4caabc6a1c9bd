package io.realtimekit.application.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.application.IsoInstantText;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.clientevent.ClientEventContext;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.clientevent.Payloads;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.protocol.json.RawJson;
import java.util.List;

/**
 * The chat client events: {@code chat:message {to, message}}, {@code chat:typing {to, typing}},
 * {@code chat:delivered {id}} and {@code chat:read {id}}.
 */
final class ChatClientEvents {
  private final IsoInstantText sentAtText = new IsoInstantText();

  private final UserIdScope userIds;

  /**
   * Handlers that send the chat commands on the caller's behalf, reading ids with {@code userIds}.
   */
  ChatClientEvents(UserIdScope userIds) {
    this.userIds = userIds;
  }

  /** Registers the chat events on {@code router}. */
  Registration registerOn(ClientEventRouter router) {
    List<Registration> regs =
        List.of(
            router.on(ChatEvents.MESSAGE, RoleGuard.anyone(), this::chatMessage),
            router.on(ChatEvents.TYPING, RoleGuard.anyone(), this::typing),
            router.on(ChatEvents.DELIVERED, RoleGuard.anyone(), ctx -> acknowledge(ctx, false)),
            router.on(ChatEvents.READ, RoleGuard.anyone(), ctx -> acknowledge(ctx, true)));
    return () -> regs.forEach(Registration::close);
  }

  void chatMessage(ClientEventContext ctx) {
    String to = Payloads.text(ctx.data(), "to");
    String message = Payloads.text(ctx.data(), "message");
    Caller caller = ctx.caller();
    Result<ChatMessageReceipt> result =
        ctx.send(
            new SendChatMessage(
                caller.userId(),
                caller.companyId(),
                userIds.named(caller.companyId(), to),
                message));
    ctx.answer(
        result.map(
            r -> {
              StringBuilder json =
                  RawJson.appendQuoted(new StringBuilder(64).append("{\"id\":"), r.messageId());
              sentAtText.appendTo(json.append(",\"sentAt\":\""), r.sentAt()).append('"');
              if (r.pending()) {
                json.append(",\"pending\":true"); // kept, delivered when the receiver reconnects
              }
              json.append('}');
              return new RawJson(json.toString());
            }));
  }

  void typing(ClientEventContext ctx) {
    String to = Payloads.text(ctx.data(), "to");
    JsonNode typing = ctx.data().get("typing");
    if (typing == null || !typing.isBoolean()) {
      throw DomainException.invalid("\"typing\" must be true or false");
    }
    Caller caller = ctx.caller();
    ctx.answer(
        ctx.send(
            new SendTypingIndicator(
                caller.userId(),
                caller.companyId(),
                userIds.named(caller.companyId(), to),
                typing.booleanValue())));
  }

  void acknowledge(ClientEventContext ctx, boolean read) {
    String id = Payloads.text(ctx.data(), "id");
    Caller caller = ctx.caller();
    ctx.answer(ctx.send(new AcknowledgeMessage(caller.userId(), caller.companyId(), id, read)));
  }
}
