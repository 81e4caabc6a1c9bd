package io.realtimekit.application.conversation;

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
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.Participant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversation client events: {@code conversation:message {conversationId, message}}, {@code
 * conversation:typing {conversationId, typing}}, {@code conversation:read {conversationId, upTo}}
 * and {@code conversation:list}. Each acts for the caller, in the caller's company.
 */
final class ConversationClientEvents {
  private final IsoInstantText sentAtText = new IsoInstantText();

  ConversationClientEvents() {}

  /** Registers the events on {@code router}. */
  Registration registerOn(ClientEventRouter router) {
    List<Registration> regs =
        List.of(
            router.on(ConversationEvents.MESSAGE, RoleGuard.anyone(), this::message),
            router.on(ConversationEvents.TYPING, RoleGuard.anyone(), this::typing),
            router.on(ConversationEvents.READ, RoleGuard.anyone(), this::read),
            router.on(ConversationEvents.LIST, RoleGuard.anyone(), this::list));
    return () -> regs.forEach(Registration::close);
  }

  private static ConversationId conversationId(ClientEventContext ctx) {
    return ConversationId.of(Payloads.text(ctx.data(), "conversationId"));
  }

  void message(ClientEventContext ctx) {
    ConversationId id = conversationId(ctx);
    String message = Payloads.text(ctx.data(), "message");
    Caller caller = ctx.caller();
    Result<ConversationMessageReceipt> result =
        ctx.send(new SendConversationMessage(caller.companyId(), id, caller.userId(), message));
    ctx.answer(
        result.map(
            r -> {
              Map<String, Object> reply = new LinkedHashMap<>();
              reply.put("id", r.messageId());
              reply.put("sentAt", sentAtText.format(r.sentAt()));
              return reply;
            }));
  }

  void typing(ClientEventContext ctx) {
    ConversationId id = conversationId(ctx);
    JsonNode typing = ctx.data().get("typing");
    if (typing == null || !typing.isBoolean()) {
      throw DomainException.invalid("\"typing\" must be true or false");
    }
    Caller caller = ctx.caller();
    ctx.answer(
        ctx.send(
            new SendConversationTyping(
                caller.companyId(), id, caller.userId(), typing.booleanValue())));
  }

  void read(ClientEventContext ctx) {
    ConversationId id = conversationId(ctx);
    String upTo = Payloads.text(ctx.data(), "upTo");
    Caller caller = ctx.caller();
    ctx.answer(ctx.send(new MarkConversationRead(caller.companyId(), id, caller.userId(), upTo)));
  }

  void list(ClientEventContext ctx) {
    Caller caller = ctx.caller();
    List<Conversation> open = ctx.ask(new ListConversations(caller.companyId(), caller.userId()));
    List<Map<String, Object>> out = new ArrayList<>(open.size());
    for (Conversation c : open) {
      out.add(view(c));
    }
    ctx.reply(Map.of("conversations", out));
  }

  /**
   * A conversation as clients see it: {@code {id, participants:[{userId, role}], open,
   * read:{userId: upTo}}}.
   */
  static Map<String, Object> view(Conversation c) {
    List<Map<String, String>> participants = new ArrayList<>();
    for (Participant p : c.participants()) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("userId", p.userId().value());
      m.put("role", p.role().wireName());
      participants.add(m);
    }
    Map<String, String> read = new LinkedHashMap<>();
    c.readState().forEach((u, m) -> read.put(u.value(), m));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", c.id().value());
    out.put("participants", participants);
    out.put("open", c.isOpen());
    out.put("read", read);
    return out;
  }
}
