package io.realtimekit.application.chat;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.chat.ChatPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The entry point of the chat feature: its command handlers and its client events. */
public final class ChatFeature {
  private ChatFeature() {}

  /**
   * Registers the handlers of {@link SendChatMessage}, {@link SendTypingIndicator} and {@link
   * AcknowledgeMessage}, and the {@code chat:*} client events.
   *
   * @param policy who may message whom
   * @param assignments the commercial a visitor is assigned to, for the policy
   * @param metrics where delivery timings go
   * @param delivered remembers delivered messages for receipts
   * @param knownUserTtl how long a user read from the repository is reused (zero: never)
   */
  public static Registration install(FeatureContext ctx, ChatPolicy policy,
      BiFunction<CompanyId, UserId, Optional<UserId>> assignments, RealtimeMetrics metrics,
      DeliveredMessages delivered, Duration knownUserTtl) {
    List<Registration> regs = List.of(
        new ChatHandler(ctx.repository(), ctx.events(), ctx.delivery(), ctx.json(), ctx.clock(), policy, assignments,
            metrics, delivered, knownUserTtl).registerOn(ctx.commands()),
        new ChatClientEvents().registerOn(ctx.router()));
    return () -> regs.forEach(Registration::close);
  }
}
