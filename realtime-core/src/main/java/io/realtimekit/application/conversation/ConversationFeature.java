package io.realtimekit.application.conversation;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.conversation.ConversationPolicy;
import io.realtimekit.domain.conversation.ConversationRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point of the conversation feature: its command handlers, {@link ListConversations}, the
 * {@code conversation:*} client events and, when asked, membership that follows assignment.
 */
public final class ConversationFeature {
  private ConversationFeature() {}

  /**
   * Installs conversations on a node.
   *
   * @param conversations where conversations live
   * @param policy the host's veto on messages
   * @param observersMaySend whether observers may send messages and typing
   * @param followAssignment whether assignment events change membership (only meaningful when
   *     assignment is on: without it no such event is raised)
   */
  public static Registration install(
      FeatureContext ctx,
      ConversationRepository conversations,
      ConversationPolicy policy,
      boolean observersMaySend,
      boolean followAssignment) {
    Objects.requireNonNull(conversations, "conversations");
    Objects.requireNonNull(policy, "policy");
    ConversationHandler handler =
        new ConversationHandler(
            conversations,
            ctx.events(),
            new ConversationFanout(ctx.delivery(), ctx.json()),
            ctx.clock(),
            policy,
            observersMaySend);
    List<Registration> regs = new ArrayList<>();
    regs.add(handler.registerOn(ctx.commands(), ctx.queries()));
    regs.add(new ConversationClientEvents().registerOn(ctx.router()));
    if (followAssignment) {
      regs.add(
          new AssignmentMembership(conversations, handler, ctx.clock()).subscribeTo(ctx.events()));
    }
    return () -> regs.forEach(Registration::close);
  }
}
