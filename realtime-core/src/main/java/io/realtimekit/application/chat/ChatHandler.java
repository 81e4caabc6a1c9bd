package io.realtimekit.application.chat;

import io.realtimekit.application.IsoInstantText;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.InboxMessage;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Done;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Failure;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.chat.ChatParticipant;
import io.realtimekit.domain.chat.ChatPolicy;
import io.realtimekit.domain.event.ChatMessageRejected;
import io.realtimekit.domain.event.ChatMessageSent;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.RolesUpdated;
import io.realtimekit.domain.event.UserDisconnected;
import io.realtimekit.protocol.json.RawJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Handles direct messages: {@link SendChatMessage} (delivered to every socket of the receiver in
 * the sender's company, or refused with {@code USER_NOT_CONNECTED} or {@code FORBIDDEN}; with the
 * {@code keep} offline policy, a message that reaches no socket is kept in the receiver's offline
 * inbox instead of refused), {@link SendTypingIndicator} and {@link AcknowledgeMessage} (delivery
 * and read receipts).
 *
 * <p>Per message: the sender and the receiver (for the company check and the {@link ChatPolicy}),
 * read from the repository or, with a known-user TTL, reused from a recent read (so that a remote
 * repository costs no round trip per message); one payload written once; one delivery keyed by
 * company and user, so a socket of another company is never reached. Recently delivered messages
 * are remembered (bounded) so that receipts are only accepted from the user who really received the
 * message (the {@link DeliveredMessages} port: on every node in cluster mode).
 */
final class ChatHandler {
  private final EventBus events;
  private final DeliveryPort delivery;
  private final JsonEncoder json;
  private final Clock clock;
  private final ChatPolicy policy;
  private final BiFunction<CompanyId, UserId, Optional<UserId>> assignments;
  private final String idPrefix;
  private final RealtimeMetrics metrics;
  private final AtomicLong sequence = new AtomicLong();
  private final IsoInstantText sentAtText = new IsoInstantText();
  private final DeliveredMessages delivered;
  private final KnownUsers users;

  /** The offline inbox with the {@code keep} offline policy; null with {@code refuse}. */
  private final OfflineMessages offline;

  /**
   * @param repository where sender and receiver are looked up
   * @param events where ChatMessageSent and ChatMessageRejected go
   * @param delivery reaches the receiver's sockets
   * @param json serialises payloads once for all the receiver's sockets
   * @param clock sets {@code sentAt}
   * @param policy who may message whom
   * @param assignments the commercial a visitor is assigned to, for the policy
   * @param metrics receives delivery times
   * @param delivered remembers who received which message, for receipts
   * @param knownUserTtl how long a user read from the repository is reused by the hot path (zero:
   *     read every time; the cluster engine sets a short one, since its repository is remote)
   * @param offline keeps messages that reach no socket (the {@code keep} offline policy), or null
   *     to refuse them ({@code refuse})
   */
  ChatHandler(
      ConnectionRepository repository,
      EventBus events,
      DeliveryPort delivery,
      JsonEncoder json,
      Clock clock,
      ChatPolicy policy,
      BiFunction<CompanyId, UserId, Optional<UserId>> assignments,
      RealtimeMetrics metrics,
      DeliveredMessages delivered,
      Duration knownUserTtl,
      OfflineMessages offline) {
    this.offline = offline;
    this.users = new KnownUsers(repository, knownUserTtl, System::nanoTime);
    this.metrics = metrics;
    this.delivered = delivered;
    this.events = events;
    this.delivery = delivery;
    this.json = json;
    this.clock = clock;
    this.policy = policy;
    this.assignments = assignments;
    this.idPrefix =
        Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
  }

  /** Registers the handlers on {@code bus}. */
  Registration registerOn(CommandBus bus) {
    List<Registration> regs =
        List.of(
            events.subscribe(RolesUpdated.class, e -> users.forget(e.userId())),
            events.subscribe(UserDisconnected.class, e -> users.forget(e.userId())),
            bus.register(SendChatMessage.class, this::send),
            bus.register(SendTypingIndicator.class, this::typing),
            bus.register(AcknowledgeMessage.class, this::acknowledge));
    return () -> regs.forEach(Registration::close);
  }

  /** The payload every socket of the receiver gets: {@code {id, from, to, message, sentAt}}. */
  Result<ChatMessageReceipt> send(SendChatMessage c) {
    long started = System.nanoTime();
    Instant sentAt = clock.instant();
    Result<Optional<ConnectionUser>> found =
        authorize(c.from(), c.companyId(), c.to(), offline != null);
    if (!found.isOk()) {
      return reject(c, sentAt, found.failure());
    }
    String id = idPrefix + Long.toString(sequence.incrementAndGet(), 36);
    if (found.value().isEmpty()) {
      // offline (or unknown, or of another company: the same answer), with the keep policy
      return keepOffline(c, id, sentAt, false, started);
    }
    Result<ConnectionUser> receiver = Result.ok(found.value().get());
    // written by hand: this runs once per message and a Jackson serialisation cost more than the
    // rest
    StringBuilder json = new StringBuilder(112 + c.message().length());
    RawJson.appendQuoted(json.append("{\"id\":"), id);
    RawJson.appendQuoted(json.append(",\"from\":"), c.from().value());
    RawJson.appendQuoted(json.append(",\"to\":"), c.to().value());
    RawJson.appendQuoted(json.append(",\"message\":"), c.message());
    sentAtText.appendTo(json.append(",\"sentAt\":\""), sentAt).append("\"}");
    String payload = json.toString();
    // remembered before delivery: a receiver on another node may acknowledge at once
    // the receiver's id as the repository holds it (equal to c.to()): the store keeps recent
    // records
    // long enough to be copied by young collections, so it should not pin a new UserId per message
    this.delivered.remember(
        new DeliveredMessages.Record(id, c.companyId(), c.from(), receiver.value().userId()));
    int delivered;
    try {
      delivered =
          delivery.toUser(
              c.companyId(),
              c.to(),
              nodesOf(receiver.value()),
              OutboundEvent.of(ChatEvents.MESSAGE, payload));
    } catch (DeliveryException e) {
      return reject(c, sentAt, new Failure(ErrorCode.UNAVAILABLE, e.getMessage()));
    }
    // with recovery on, the message is in the receiver's stream already: a receiver inside its
    // grace period (a page reload) gets it when it reconnects, so it is accepted as pending
    // (still recorded: a user whose grace period ended is gone, whatever a cache said)
    boolean pending =
        delivered == 0 && delivery.keepsEvents() && users.recorded(c.to()).isPresent();
    if (delivered == 0 && offline != null) {
      // with the keep policy, also in the inbox: its grace period may end without a reconnect
      return keepOffline(c, id, sentAt, pending, started);
    }
    if (delivered == 0 && !pending) {
      return reject(c, sentAt, new Failure(ErrorCode.USER_NOT_CONNECTED, "User not connected"));
    }
    metrics.deliveryNanos(System.nanoTime() - started);
    events.publish(
        new ChatMessageSent(
            EventIds.next(), sentAt, c.companyId(), id, c.from(), c.to(), c.message(), delivered));
    return Result.ok(new ChatMessageReceipt(id, sentAt, delivered, pending));
  }

  /**
   * Keeps a message that reached no socket in the receiver's offline inbox; accepted as pending.
   * When the store cannot be reached, refused with {@code UNAVAILABLE}, unless the receiver's
   * stream kept it already ({@code keptInStream}).
   */
  private Result<ChatMessageReceipt> keepOffline(
      SendChatMessage c, String id, Instant sentAt, boolean keptInStream, long started) {
    try {
      offline.keep(id, c.companyId(), c.from(), c.to(), c.message(), sentAt);
    } catch (RuntimeException e) {
      if (!keptInStream) {
        return reject(
            c, sentAt, new Failure(ErrorCode.UNAVAILABLE, "the offline inbox is unavailable"));
      }
    }
    metrics.deliveryNanos(System.nanoTime() - started);
    events.publish(
        new ChatMessageSent(
            EventIds.next(), sentAt, c.companyId(), id, c.from(), c.to(), c.message(), 0));
    return Result.ok(new ChatMessageReceipt(id, sentAt, 0, true));
  }

  Result<Done> typing(SendTypingIndicator c) {
    Result<Optional<ConnectionUser>> found = authorize(c.from(), c.companyId(), c.to(), false);
    if (!found.isOk()) {
      return Result.failure(found.failure());
    }
    Result<ConnectionUser> receiver = Result.ok(found.value().get());
    delivery.toUser(
        c.companyId(),
        c.to(),
        nodesOf(receiver.value()),
        new OutboundEvent(
            ChatEvents.TYPING,
            json.toJson(Map.of("from", c.from().value(), "typing", c.typing())),
            true));
    return Result.ok(Done.DONE);
  }

  Result<Done> acknowledge(AcknowledgeMessage c) {
    String name = c.read() ? ChatEvents.READ : ChatEvents.DELIVERED;
    if (offline != null) {
      // the receiver's own inbox only (keyed by its company and id): a kept message is removed
      Optional<InboxMessage> kept = offline.acknowledged(c.companyId(), c.by(), c.messageId());
      if (kept.isPresent()) {
        delivery.toUser(
            c.companyId(),
            kept.get().from(),
            OutboundEvent.of(
                name,
                json.toJson(
                    Map.of(
                        "id",
                        c.messageId(),
                        "by",
                        c.by().value(),
                        "at",
                        clock.instant().toString()))));
        return Result.ok(Done.DONE);
      }
    }
    DeliveredMessages.Record d = delivered.find(c.messageId()).orElse(null);
    if (d == null || !d.companyId().equals(c.companyId()) || !d.to().equals(c.by())) {
      return Result.failure(
          ErrorCode.INVALID_ARGUMENT, "no message with this id was delivered to you");
    }
    delivery.toUser(
        d.companyId(),
        d.from(),
        OutboundEvent.of(
            name,
            json.toJson(
                Map.of(
                    "id", c.messageId(), "by", c.by().value(), "at", clock.instant().toString()))));
    return Result.ok(Done.DONE);
  }

  /**
   * The receiver when {@code from} may message {@code to}; the refusal otherwise. With {@code
   * offlineAllowed} (the keep policy), a receiver that is not recorded in the sender's company
   * (offline, unknown, or of another company: one answer for all) is allowed as empty, judged by
   * the policy with no roles (its roles are unknown until it connects).
   */
  private Result<Optional<ConnectionUser>> authorize(
      UserId from, CompanyId companyId, UserId to, boolean offlineAllowed) {
    if (from.equals(to)) {
      return Result.failure(ErrorCode.INVALID_ARGUMENT, "cannot send to yourself");
    }
    Optional<ConnectionUser> receiver = users.connected(to);
    if (receiver.isEmpty() && (delivery.keepsEvents() || offlineAllowed)) {
      receiver = users.recorded(to); // inside its grace period: what is sent now is kept for it
    }
    // a user of another company gets exactly the answer of an unknown id: no tenant may learn
    // whether an id is in use, or online, in another tenant
    if (receiver.isPresent() && !receiver.get().companyId().equals(companyId)) {
      receiver = Optional.empty();
    }
    if (receiver.isEmpty() && !offlineAllowed) {
      return Result.failure(ErrorCode.USER_NOT_CONNECTED, "User not connected");
    }
    Optional<ConnectionUser> sender = users.connected(from);
    if (sender.isEmpty() || !sender.get().companyId().equals(companyId)) {
      return Result.failure(ErrorCode.FORBIDDEN, "sender is not connected in this company");
    }
    ChatParticipant other =
        receiver
            .map(this::participant)
            .orElseGet(() -> new ChatParticipant(to, Set.of(), assignments.apply(companyId, to)));
    if (!policy.allows(participant(sender.get()), other)) {
      return Result.failure(ErrorCode.FORBIDDEN, "you may not message this user");
    }
    return Result.ok(receiver);
  }

  private static Set<NodeId> nodesOf(ConnectionUser user) {
    Set<NodeId> nodes = new HashSet<>(2);
    for (Connection c : user.connections()) {
      nodes.add(c.nodeId());
    }
    return nodes;
  }

  private ChatParticipant participant(ConnectionUser u) {
    return new ChatParticipant(u.userId(), u.roles(), assignments.apply(u.companyId(), u.userId()));
  }

  private Result<ChatMessageReceipt> reject(SendChatMessage c, Instant at, Failure failure) {
    events.publish(
        new ChatMessageRejected(
            EventIds.next(), at, c.companyId(), c.from(), c.to(), failure.code()));
    return Result.failure(failure);
  }
}
