package io.realtimekit.application;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.command.ChatMessageReceipt;
import io.realtimekit.application.command.SendChatMessage;
import io.realtimekit.application.port.DeliveryException;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.JsonEncoder;
import io.realtimekit.application.port.OutboundEvent;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.event.ChatMessageRejected;
import io.realtimekit.domain.event.ChatMessageSent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handles {@link SendChatMessage}: delivers to every socket of the receiver in the sender's
 * company, or refuses with {@code USER_NOT_CONNECTED} or {@code FORBIDDEN}.
 *
 * <p>The hot path is one lookup in the delivery port (keyed by company and user, so another
 * company's socket is never reached); the repository is read only to explain a refusal.
 */
public final class ChatHandler {
  /** The event name of a chat message on the wire. */
  public static final String EVENT = "chat:message";

  private final ConnectionRepository repository;
  private final EventBus events;
  private final DeliveryPort delivery;
  private final JsonEncoder json;
  private final Clock clock;
  private final String idPrefix;
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param repository read to explain refusals
   * @param events where ChatMessageSent and ChatMessageRejected go
   * @param delivery reaches the receiver's sockets
   * @param json serialises the payload once for all the receiver's sockets
   * @param clock sets {@code sentAt}
   */
  public ChatHandler(
      ConnectionRepository repository, EventBus events, DeliveryPort delivery, JsonEncoder json, Clock clock) {
    this.repository = repository;
    this.events = events;
    this.delivery = delivery;
    this.json = json;
    this.clock = clock;
    this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
  }

  /** Registers the handler on {@code bus}. */
  public Registration registerOn(CommandBus bus) {
    return bus.register(SendChatMessage.class, this::send);
  }

  /**
   * The payload every socket of the receiver gets.
   *
   * @param id server-set message id
   * @param from sender
   * @param to receiver
   * @param message text
   * @param sentAt ISO-8601 instant
   */
  public record ChatMessagePayload(String id, String from, String to, String message, String sentAt) {}

  Result<ChatMessageReceipt> send(SendChatMessage c) {
    if (c.from().equals(c.to())) {
      return Result.failure(ErrorCode.INVALID_ARGUMENT, "cannot send a message to yourself");
    }
    Instant sentAt = clock.instant();
    String id = idPrefix + Long.toString(sequence.incrementAndGet(), 36);
    String payload =
        json.toJson(new ChatMessagePayload(id, c.from().value(), c.to().value(), c.message(), sentAt.toString()));
    int delivered;
    try {
      delivered = delivery.toUser(c.companyId(), c.to(), OutboundEvent.of(EVENT, payload));
    } catch (DeliveryException e) {
      return reject(c, sentAt, ErrorCode.UNAVAILABLE, e.getMessage());
    }
    if (delivered == 0) {
      Optional<ConnectionUser> receiver = repository.findOne(Criteria.byUserId(c.to()).connected(true));
      if (receiver.isPresent() && !receiver.get().companyId().equals(c.companyId())) {
        return reject(c, sentAt, ErrorCode.FORBIDDEN, "cannot message a user of another company");
      }
      return reject(c, sentAt, ErrorCode.USER_NOT_CONNECTED, "User not connected");
    }
    events.publish(
        new ChatMessageSent(UUID.randomUUID(), sentAt, c.companyId(), id, c.from(), c.to(), c.message(), delivered));
    return Result.ok(new ChatMessageReceipt(id, sentAt, delivered));
  }

  private Result<ChatMessageReceipt> reject(SendChatMessage c, Instant at, ErrorCode code, String message) {
    events.publish(new ChatMessageRejected(UUID.randomUUID(), at, c.companyId(), c.from(), c.to(), code));
    return Result.failure(code, message);
  }
}
