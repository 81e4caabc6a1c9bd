package io.realtimekit.application.conversation;

import io.realtimekit.application.IsoInstantText;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.ConversationPolicy;
import io.realtimekit.domain.conversation.ConversationRepository;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.domain.event.ConversationClosed;
import io.realtimekit.domain.event.ConversationOpened;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.ParticipantAdded;
import io.realtimekit.domain.event.ParticipantRemoved;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the conversation commands and {@link ListConversations}.
 *
 * <p>Tenant isolation: a conversation is looked up under the caller's company only, so the id of
 * another company's conversation gets exactly the answer of an unknown id ({@code INVALID_ARGUMENT
 * "unknown conversation"}): no tenant learns whether an id is in use elsewhere. Membership changes
 * are compare-and-set on the repository, retried on a conflict; each change publishes its domain
 * events and pushes {@code conversation:join}, {@code conversation:leave} or {@code
 * conversation:closed}. A message reads the conversation once (no write), asks the {@link
 * ConversationPolicy}, then is handed to every participant through {@link ConversationFanout}.
 */
final class ConversationHandler {
  private static final Logger log = LoggerFactory.getLogger(ConversationHandler.class);
  private static final int MAX_ATTEMPTS = 50;
  static final String UNKNOWN = "unknown conversation";

  private final ConversationRepository conversations;
  private final EventBus events;
  private final ConversationFanout fanout;
  private final Clock clock;
  private final ConversationPolicy policy;
  private final boolean observersMaySend;
  private final String idPrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final IsoInstantText instantText = new IsoInstantText();

  ConversationHandler(
      ConversationRepository conversations,
      EventBus events,
      ConversationFanout fanout,
      Clock clock,
      ConversationPolicy policy,
      boolean observersMaySend) {
    this.conversations = conversations;
    this.events = events;
    this.fanout = fanout;
    this.clock = clock;
    this.policy = policy;
    this.observersMaySend = observersMaySend;
    this.idPrefix =
        "c" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
  }

  /** Registers the command handlers and the query. */
  Registration registerOn(CommandBus commands, QueryBus queries) {
    List<Registration> regs =
        List.of(
            commands.register(OpenConversation.class, this::open),
            commands.register(
                AddParticipant.class,
                c ->
                    update(
                        c.companyId(),
                        c.conversationId(),
                        v -> v.addParticipant(c.userId(), c.role(), clock.instant()))),
            commands.register(
                RemoveParticipant.class,
                c ->
                    update(
                        c.companyId(),
                        c.conversationId(),
                        v -> v.removeParticipant(c.userId(), clock.instant()))),
            commands.register(
                CloseConversation.class,
                c ->
                    update(
                        c.companyId(),
                        c.conversationId(),
                        v -> Result.ok(v.close(clock.instant())))),
            commands.register(SendConversationMessage.class, this::message),
            commands.register(MarkConversationRead.class, this::read),
            commands.register(SendConversationTyping.class, this::typing),
            queries.register(
                ListConversations.class, q -> conversations.openOf(q.companyId(), q.userId())));
    return () -> regs.forEach(Registration::close);
  }

  Result<Conversation> open(OpenConversation c) {
    Conversation.Change opened =
        Conversation.open(c.conversationId(), c.companyId(), c.participants(), clock.instant());
    Result<Conversation> saved = conversations.save(opened.conversation());
    if (!saved.isOk()) {
      return saved.failure().code().equals(ErrorCode.CONFLICT)
          ? Result.failure(ErrorCode.CONFLICT, "a conversation with this id exists")
          : saved;
    }
    announce(saved.value(), opened.conversation(), opened.events());
    return saved;
  }

  /**
   * Reads the conversation, applies {@code change} and stores it by compare-and-set, again on a
   * fresher state when another writer got in first; then publishes and pushes what changed.
   */
  Result<Conversation> update(
      CompanyId company,
      ConversationId id,
      Function<Conversation, Result<Conversation.Change>> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Conversation> current = conversations.find(company, id);
      if (current.isEmpty()) {
        return Result.failure(ErrorCode.INVALID_ARGUMENT, UNKNOWN);
      }
      Result<Conversation.Change> result = change.apply(current.get());
      if (!result.isOk()) {
        return Result.failure(result.failure());
      }
      if (!result.value().changed()) {
        return Result.ok(current.get());
      }
      Result<Conversation> saved = conversations.save(result.value().conversation());
      if (saved.isOk()) {
        announce(saved.value(), current.get(), result.value().events());
        return saved;
      }
      if (!saved.failure().code().equals(ErrorCode.CONFLICT)) {
        return saved;
      }
      Thread.onSpinWait();
    }
    return Result.failure(ErrorCode.CONFLICT, "the conversation is too busy, try again");
  }

  /** Publishes the events of a stored change and pushes them to the participants. */
  private void announce(Conversation after, Conversation before, List<DomainEvent> changes) {
    events.publishAll(changes);
    for (DomainEvent e : changes) {
      try {
        if (e instanceof ConversationOpened o) {
          for (Participant p : o.participants()) {
            fanout.deliver(
                after,
                fanout.event(ConversationEvents.JOIN, membership(after.id(), p.userId(), p.role())),
                null);
          }
        } else if (e instanceof ParticipantAdded a) {
          fanout.deliver(
              after,
              fanout.event(ConversationEvents.JOIN, membership(after.id(), a.userId(), a.role())),
              null);
        } else if (e instanceof ParticipantRemoved r) {
          // to the state before the change: the leaving participant learns it left
          fanout.deliver(
              before,
              fanout.event(ConversationEvents.LEAVE, membership(after.id(), r.userId(), r.role())),
              null);
        } else if (e instanceof ConversationClosed) {
          fanout.deliver(
              after,
              fanout.event(ConversationEvents.CLOSED, Map.of("conversationId", after.id().value())),
              null);
        }
      } catch (DeliveryException ex) {
        log.warn("conversation announcement not delivered: {}", ex.getMessage());
      }
    }
  }

  private static Map<String, Object> membership(
      ConversationId id, UserId user, ParticipantRole role) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("conversationId", id.value());
    m.put("userId", user.value());
    m.put("role", role.wireName());
    return m;
  }

  Result<ConversationMessageReceipt> message(SendConversationMessage c) {
    Optional<Conversation> found = conversations.find(c.companyId(), c.conversationId());
    if (found.isEmpty()) {
      return Result.failure(ErrorCode.INVALID_ARGUMENT, UNKNOWN);
    }
    Conversation conversation = found.get();
    Instant sentAt = clock.instant();
    String id = idPrefix + Long.toString(sequence.incrementAndGet(), 36);
    Result<Conversation.Change> accepted =
        conversation.sendMessage(c.from(), id, c.message(), observersMaySend, sentAt);
    if (!accepted.isOk()) {
      return Result.failure(accepted.failure());
    }
    Optional<String> refusal = policy.refusal(conversation, c.from(), c.message());
    if (refusal.isPresent()) {
      return Result.failure(ErrorCode.FORBIDDEN, "message refused: " + refusal.get());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", id);
    payload.put("conversationId", conversation.id().value());
    payload.put("from", c.from().value());
    payload.put("message", c.message());
    payload.put("sentAt", instantText.format(sentAt));
    int delivered;
    try {
      delivered =
          fanout.deliver(conversation, fanout.event(ConversationEvents.MESSAGE, payload), null);
    } catch (DeliveryException e) {
      return Result.failure(new Failure(ErrorCode.UNAVAILABLE, e.getMessage()));
    }
    events.publishAll(accepted.value().events());
    return Result.ok(new ConversationMessageReceipt(id, sentAt, delivered));
  }

  Result<Done> typing(SendConversationTyping c) {
    Optional<Conversation> found = conversations.find(c.companyId(), c.conversationId());
    if (found.isEmpty()) {
      return Result.failure(ErrorCode.INVALID_ARGUMENT, UNKNOWN);
    }
    Result<ParticipantRole> role = found.get().mayAct(c.from());
    if (!role.isOk()) {
      return Result.failure(role.failure());
    }
    if (role.value() == ParticipantRole.OBSERVER && !observersMaySend) {
      return Result.failure(ErrorCode.FORBIDDEN, "observers may not send to this conversation");
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("conversationId", c.conversationId().value());
    payload.put("from", c.from().value());
    payload.put("typing", c.typing());
    fanout.deliver(
        found.get(), fanout.transientEvent(ConversationEvents.TYPING, payload), c.from());
    return Result.ok(Done.DONE);
  }

  Result<Done> read(MarkConversationRead c) {
    Instant at = clock.instant();
    Result<Conversation> stored =
        update(c.companyId(), c.conversationId(), v -> v.markRead(c.by(), c.upTo(), at));
    if (!stored.isOk()) {
      return Result.failure(stored.failure());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("conversationId", c.conversationId().value());
    payload.put("by", c.by().value());
    payload.put("upTo", c.upTo());
    payload.put("at", instantText.format(at));
    try {
      fanout.deliver(stored.value(), fanout.event(ConversationEvents.READ, payload), c.by());
    } catch (DeliveryException e) {
      log.warn("read state stored but not pushed: {}", e.getMessage());
    }
    return Result.ok(Done.DONE);
  }
}
