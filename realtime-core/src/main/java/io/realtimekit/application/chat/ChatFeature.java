package io.realtimekit.application.chat;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.chat.ChatPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/** The entry point of the chat feature: its command handlers and its client events. */
public final class ChatFeature {
  private ChatFeature() {}

  /**
   * Registers the handlers of {@link SendChatMessage}, {@link SendTypingIndicator} and {@link
   * AcknowledgeMessage}, and the {@code chat:*} client events, with the {@code refuse} offline
   * policy (a message that reaches no socket is {@code USER_NOT_CONNECTED}, unless the receiver's
   * stream keeps it during its grace period).
   *
   * @param policy who may message whom
   * @param assignments the commercial a visitor is assigned to, for the policy
   * @param metrics where delivery timings go
   * @param delivered remembers delivered messages for receipts
   * @param knownUserTtl how long a user read from the repository is reused (zero: never)
   */
  public static Registration install(
      FeatureContext ctx,
      ChatPolicy policy,
      BiFunction<CompanyId, UserId, Optional<UserId>> assignments,
      RealtimeMetrics metrics,
      DeliveredMessages delivered,
      Duration knownUserTtl) {
    return install(
        ctx,
        policy,
        assignments,
        metrics,
        delivered,
        knownUserTtl,
        null,
        InboxLimits.DEFAULTS,
        null);
  }

  /**
   * As {@link #install(FeatureContext, ChatPolicy, BiFunction, RealtimeMetrics, DeliveredMessages,
   * Duration)}, with the {@code keep} offline policy when {@code inbox} is given: a message that
   * reaches no socket of its receiver is kept in {@code inbox} and accepted as pending, handed to
   * every socket the receiver opens until it acknowledges it, and swept after {@code limits.ttl()}
   * (the sweep runs on {@code scheduler} until the returned registration is closed).
   *
   * @param inbox the offline inbox, or null for the {@code refuse} policy
   * @param limits the inbox's TTL and cap (for the events and the sweep's pace)
   * @param scheduler runs the sweep and the hand-over to sockets; required with an inbox
   */
  public static Registration install(
      FeatureContext ctx,
      ChatPolicy policy,
      BiFunction<CompanyId, UserId, Optional<UserId>> assignments,
      RealtimeMetrics metrics,
      DeliveredMessages delivered,
      Duration knownUserTtl,
      OfflineInbox inbox,
      InboxLimits limits,
      TaskScheduler scheduler) {
    OfflineMessages offline =
        inbox == null
            ? null
            : new OfflineMessages(
                inbox,
                Objects.requireNonNull(limits, "limits"),
                ctx.events(),
                ctx.delivery(),
                ctx.repository(),
                Objects.requireNonNull(scheduler, "scheduler"),
                ctx.clock());
    List<Registration> regs =
        new ArrayList<>(
            List.of(
                new ChatHandler(
                        ctx.repository(),
                        ctx.events(),
                        ctx.delivery(),
                        ctx.json(),
                        ctx.clock(),
                        policy,
                        assignments,
                        metrics,
                        delivered,
                        knownUserTtl,
                        offline)
                    .registerOn(ctx.commands()),
                new ChatClientEvents(ctx.router().userIds()).registerOn(ctx.router())));
    if (offline != null) {
      regs.add(offline.start());
    }
    return () -> regs.forEach(Registration::close);
  }
}
