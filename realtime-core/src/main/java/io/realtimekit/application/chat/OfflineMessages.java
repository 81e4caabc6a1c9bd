package io.realtimekit.application.chat;

import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.InboxMessage;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ChatMessageExpired;
import io.realtimekit.domain.event.ChatMessageKept;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.protocol.json.RawJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code keep} offline policy: chat messages that reached no socket of their receiver are kept
 * in its {@link OfflineInbox}; every socket the receiver opens is handed what its inbox holds
 * (right after {@code connected}), until the receiver acknowledges a message ({@code
 * chat:delivered} or {@code chat:read}), which removes it; messages past the TTL are swept and
 * reported ({@link ChatMessageExpired}), as are those the cap pushes out.
 *
 * <p>A new socket is handed the inbox through live delivery while it connects; what does not fit in
 * what a connecting socket holds is handed again, shortly after, once it is open (never twice to
 * one socket). The sweep runs on every node; the store hands each expired message to one of them.
 */
final class OfflineMessages {
  private static final Logger log = LoggerFactory.getLogger(OfflineMessages.class);

  /**
   * At most this many kept messages are handed to a socket while it connects; the rest follow it.
   */
  private static final int WHILE_CONNECTING = 32;

  /**
   * Messages expired per sweep task: a larger backlog takes further tasks, so timers run between
   * them.
   */
  private static final int SWEEP_PAGE = 200;

  private static final Duration RETRY = Duration.ofMillis(50);
  private static final int MAX_RETRIES = 200;

  private final OfflineInbox inbox;
  private final InboxLimits limits;
  private final EventBus events;
  private final DeliveryPort delivery;
  private final ConnectionRepository repository;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Duration sweepEvery;
  private volatile boolean closed;
  private volatile TaskScheduler.Cancellable sweepTimer;

  OfflineMessages(
      OfflineInbox inbox,
      InboxLimits limits,
      EventBus events,
      DeliveryPort delivery,
      ConnectionRepository repository,
      TaskScheduler scheduler,
      Clock clock) {
    this.inbox = inbox;
    this.limits = limits;
    this.events = events;
    this.delivery = delivery;
    this.repository = repository;
    this.scheduler = scheduler;
    this.clock = clock;
    long twentieth = limits.ttl().toMillis() / 20;
    this.sweepEvery = Duration.ofMillis(Math.max(100, Math.min(30_000, twentieth)));
  }

  /** Subscribes to new sockets and starts the sweep; the registration stops both. */
  Registration start() {
    Registration opened =
        events.subscribe(
            ConnectionOpened.class, e -> handOver(e.companyId(), e.userId(), e.connectionId()));
    scheduleSweep(sweepEvery);
    return () -> {
      closed = true;
      opened.close();
      TaskScheduler.Cancellable t = sweepTimer;
      if (t != null) {
        t.cancel();
      }
    };
  }

  /**
   * Keeps a message that reached no socket, and reports it; reports what the cap pushed out.
   *
   * @throws RuntimeException when the store cannot be reached
   */
  void keep(
      String messageId,
      CompanyId companyId,
      UserId from,
      UserId to,
      String message,
      Instant sentAt) {
    InboxMessage m = new InboxMessage(messageId, companyId, from, to, message, sentAt);
    List<InboxMessage> dropped = inbox.keep(m);
    Instant now = clock.instant();
    events.publish(
        new ChatMessageKept(
            EventIds.next(),
            now,
            companyId,
            messageId,
            from,
            to,
            message,
            sentAt,
            sentAt.plus(limits.ttl())));
    for (InboxMessage d : dropped) {
      events.publish(expired(d, ChatMessageExpired.Reason.CAP, now));
    }
  }

  /**
   * Removes message {@code messageId} from the inbox of {@code by} (acknowledged by its receiver);
   * the message when it was kept there. A store that cannot be reached removes nothing (the message
   * is handed again on the next connect).
   */
  Optional<InboxMessage> acknowledged(CompanyId companyId, UserId by, String messageId) {
    try {
      return inbox.remove(companyId, by, messageId);
    } catch (RuntimeException e) {
      log.warn(
          "offline inbox unreachable, acknowledgement of a kept message not applied: {}",
          e.toString());
      return Optional.empty();
    }
  }

  /** The {@code chat:message} payload of a kept message, as live receivers get it. */
  static String payload(InboxMessage m) {
    StringBuilder json = new StringBuilder(112 + m.message().length());
    RawJson.appendQuoted(json.append("{\"id\":"), m.messageId());
    RawJson.appendQuoted(json.append(",\"from\":"), m.from().value());
    RawJson.appendQuoted(json.append(",\"to\":"), m.to().value());
    RawJson.appendQuoted(json.append(",\"message\":"), m.message());
    RawJson.appendQuoted(json.append(",\"sentAt\":"), m.sentAt().toString()).append('}');
    return json.toString();
  }

  /** A socket opened: hands it the user's kept messages, a first part while it connects. */
  private void handOver(CompanyId companyId, UserId userId, ConnectionId connectionId) {
    handOver(companyId, userId, connectionId, new HashSet<>(), WHILE_CONNECTING, 0);
  }

  private void handOver(
      CompanyId companyId,
      UserId userId,
      ConnectionId connectionId,
      Set<String> handed,
      int budget,
      int attempt) {
    if (closed) {
      return;
    }
    List<InboxMessage> kept;
    try {
      kept = inbox.list(companyId, userId, limits.maxMessages());
    } catch (RuntimeException e) {
      log.warn(
          "offline inbox of a user of {} unreadable, kept messages follow its next connect: {}",
          companyId,
          e.toString());
      return;
    }
    int n = 0;
    for (InboxMessage m : kept) {
      if (handed.contains(m.messageId())) {
        continue;
      }
      if (n == budget) {
        // the socket is still connecting: the rest follow once it is open
        scheduler.schedule(
            Duration.ZERO,
            () -> handOver(companyId, userId, connectionId, handed, Integer.MAX_VALUE, attempt));
        return;
      }
      if (!delivery.toConnection(
          companyId, connectionId, OutboundEvent.of(ChatEvents.MESSAGE, payload(m)))) {
        // not taken: the socket is still connecting with a full buffer, or it is gone
        if (attempt < MAX_RETRIES && stillOpen(userId, connectionId)) {
          scheduler.schedule(
              RETRY,
              () ->
                  handOver(
                      companyId, userId, connectionId, handed, Integer.MAX_VALUE, attempt + 1));
        }
        return;
      }
      handed.add(m.messageId());
      n++;
    }
  }

  private boolean stillOpen(UserId userId, ConnectionId connectionId) {
    try {
      return repository
          .findOne(Criteria.byUserId(userId))
          .flatMap(u -> u.connection(connectionId))
          .isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void scheduleSweep(Duration delay) {
    if (!closed) {
      sweepTimer =
          scheduler.schedule(delay, () -> scheduleSweep(sweep() ? Duration.ZERO : sweepEvery));
    }
  }

  /**
   * Removes and reports one page of the messages past their TTL; true when the page was full (more
   * may be waiting: the next page follows at once, as another task).
   */
  boolean sweep() {
    if (closed) {
      return false;
    }
    try {
      List<InboxMessage> gone = inbox.expire(SWEEP_PAGE);
      Instant now = clock.instant();
      for (InboxMessage m : gone) {
        events.publish(expired(m, ChatMessageExpired.Reason.TTL, now));
      }
      return gone.size() == SWEEP_PAGE;
    } catch (RuntimeException e) {
      log.warn(
          "offline inbox sweep failed, retried in {} ms: {}", sweepEvery.toMillis(), e.toString());
      return false;
    }
  }

  private static ChatMessageExpired expired(
      InboxMessage m, ChatMessageExpired.Reason reason, Instant now) {
    return new ChatMessageExpired(
        EventIds.next(),
        now,
        m.companyId(),
        m.messageId(),
        m.from(),
        m.to(),
        m.message(),
        m.sentAt(),
        reason);
  }
}
