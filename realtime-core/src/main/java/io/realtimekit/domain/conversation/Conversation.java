package io.realtimekit.domain.conversation;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.ConversationClosed;
import io.realtimekit.domain.event.ConversationMessageSent;
import io.realtimekit.domain.event.ConversationOpened;
import io.realtimekit.domain.event.ConversationRead;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.ParticipantAdded;
import io.realtimekit.domain.event.ParticipantRemoved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat with several participants of one company: the aggregate root of conversations. It holds
 * its id, its company, its participants with their {@link ParticipantRole}, whether it is open, and
 * the read state of each participant (the id of the last message it read). Messages themselves are
 * not kept here: they are domain events the host persists.
 *
 * <p>Immutable: every command method returns a {@link Change} (the new state and the domain events
 * it caused) or a refusal. {@link #version()} is the version the state was read at, for the
 * optimistic check of {@link ConversationRepository#save}; a new conversation has version 0.
 */
public final class Conversation {
  /** Longest message accepted in a conversation. */
  public static final int MAX_MESSAGE_LENGTH = 16_384;

  /** Most participants a conversation may have. */
  public static final int MAX_PARTICIPANTS = 500;

  /** Longest message id accepted as a read marker. */
  public static final int MAX_MESSAGE_ID_LENGTH = 64;

  private final ConversationId id;
  private final CompanyId companyId;
  private final Map<UserId, ParticipantRole> participants;
  private final boolean open;
  private final Map<UserId, String> readUpTo;
  private final long version;

  private Conversation(
      ConversationId id,
      CompanyId companyId,
      Map<UserId, ParticipantRole> participants,
      boolean open,
      Map<UserId, String> readUpTo,
      long version) {
    this.id = Objects.requireNonNull(id, "id");
    this.companyId = Objects.requireNonNull(companyId, "companyId");
    this.participants = Collections.unmodifiableMap(new LinkedHashMap<>(participants));
    this.open = open;
    this.readUpTo = Collections.unmodifiableMap(new LinkedHashMap<>(readUpTo));
    this.version = version;
  }

  /**
   * The new state of a conversation and the events its change caused (none when nothing changed).
   *
   * @param conversation the state after the change
   * @param events what happened, in order
   */
  public record Change(Conversation conversation, List<DomainEvent> events) {
    /** Copies the events. */
    public Change {
      Objects.requireNonNull(conversation, "conversation");
      events = List.copyOf(events);
    }

    /** Whether the state changed. */
    public boolean changed() {
      return !events.isEmpty();
    }
  }

  /**
   * Opens a conversation with its first participants; raises {@link ConversationOpened}.
   *
   * @throws DomainException ({@code INVALID_ARGUMENT}) with no participant or too many
   */
  public static Change open(
      ConversationId id, CompanyId companyId, List<Participant> participants, Instant at) {
    Objects.requireNonNull(participants, "participants");
    if (participants.isEmpty()) {
      throw DomainException.invalid("a conversation needs at least one participant");
    }
    Map<UserId, ParticipantRole> roles = new LinkedHashMap<>();
    for (Participant p : participants) {
      if (roles.put(p.userId(), p.role()) != null) {
        throw DomainException.invalid("participant " + p.userId() + " is listed twice");
      }
    }
    if (roles.size() > MAX_PARTICIPANTS) {
      throw DomainException.invalid(
          "a conversation has at most " + MAX_PARTICIPANTS + " participants");
    }
    Conversation c = new Conversation(id, companyId, roles, true, Map.of(), 0);
    return new Change(
        c, List.of(new ConversationOpened(EventIds.next(), at, companyId, id, c.participants())));
  }

  /**
   * Adds a participant, or changes the role of one already in (raising {@link ParticipantAdded}
   * with the new role); the same user with the same role changes nothing. A closed conversation
   * refuses with {@code CONFLICT}.
   */
  public Result<Change> addParticipant(UserId userId, ParticipantRole role, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    if (!open) {
      return closedRefusal();
    }
    ParticipantRole current = participants.get(userId);
    if (current == role) {
      return Result.ok(new Change(this, List.of()));
    }
    if (current == null && participants.size() >= MAX_PARTICIPANTS) {
      return Result.failure(
          ErrorCode.CONFLICT, "a conversation has at most " + MAX_PARTICIPANTS + " participants");
    }
    Map<UserId, ParticipantRole> next = new LinkedHashMap<>(participants);
    next.put(userId, role);
    return Result.ok(
        new Change(
            new Conversation(id, companyId, next, true, readUpTo, version),
            List.of(new ParticipantAdded(EventIds.next(), at, companyId, id, userId, role))));
  }

  /**
   * Removes a participant (and its read state); raises {@link ParticipantRemoved}. Removing a user
   * who is not a participant changes nothing. A closed conversation refuses with {@code CONFLICT}.
   */
  public Result<Change> removeParticipant(UserId userId, Instant at) {
    Objects.requireNonNull(userId, "userId");
    if (!open) {
      return closedRefusal();
    }
    ParticipantRole role = participants.get(userId);
    if (role == null) {
      return Result.ok(new Change(this, List.of()));
    }
    Map<UserId, ParticipantRole> next = new LinkedHashMap<>(participants);
    next.remove(userId);
    Map<UserId, String> read = new LinkedHashMap<>(readUpTo);
    read.remove(userId);
    return Result.ok(
        new Change(
            new Conversation(id, companyId, next, true, read, version),
            List.of(new ParticipantRemoved(EventIds.next(), at, companyId, id, userId, role))));
  }

  /**
   * Closes the conversation; raises {@link ConversationClosed}. Closing a closed one changes
   * nothing.
   */
  public Change close(Instant at) {
    if (!open) {
      return new Change(this, List.of());
    }
    return new Change(
        new Conversation(id, companyId, participants, false, readUpTo, version),
        List.of(new ConversationClosed(EventIds.next(), at, companyId, id)));
  }

  /**
   * Accepts a message from a participant; raises {@link ConversationMessageSent}. The state does
   * not change (messages are events, not state). Refusals: not a participant, or an observer while
   * {@code observersMaySend} is false: {@code FORBIDDEN}; closed: {@code CONFLICT}; an empty or too
   * long message: {@code INVALID_ARGUMENT}.
   */
  public Result<Change> sendMessage(
      UserId from, String messageId, String message, boolean observersMaySend, Instant at) {
    Objects.requireNonNull(messageId, "messageId");
    checkMessage(message);
    Result<ParticipantRole> sender = mayAct(from);
    if (!sender.isOk()) {
      return Result.failure(sender.failure());
    }
    if (sender.value() == ParticipantRole.OBSERVER && !observersMaySend) {
      return Result.failure(ErrorCode.FORBIDDEN, "observers may not send to this conversation");
    }
    return Result.ok(
        new Change(
            this,
            List.of(
                new ConversationMessageSent(
                    EventIds.next(), at, companyId, id, messageId, from, message))));
  }

  /**
   * Records that {@code by} read the conversation up to message {@code upTo}; raises {@link
   * ConversationRead}. Refusals: not a participant: {@code FORBIDDEN}; closed: {@code CONFLICT}; a
   * message id of the wrong shape: {@code INVALID_ARGUMENT}.
   */
  public Result<Change> markRead(UserId by, String upTo, Instant at) {
    checkMessageId(upTo);
    Result<ParticipantRole> reader = mayAct(by);
    if (!reader.isOk()) {
      return Result.failure(reader.failure());
    }
    if (upTo.equals(readUpTo.get(by))) {
      return Result.ok(new Change(this, List.of()));
    }
    Map<UserId, String> read = new LinkedHashMap<>(readUpTo);
    read.put(by, upTo);
    return Result.ok(
        new Change(
            new Conversation(id, companyId, participants, true, read, version),
            List.of(new ConversationRead(EventIds.next(), at, companyId, id, by, upTo))));
  }

  /**
   * The sender's role when {@code userId} may act in this conversation now: a participant of an
   * open conversation ({@code FORBIDDEN} otherwise; {@code CONFLICT} when closed).
   */
  public Result<ParticipantRole> mayAct(UserId userId) {
    ParticipantRole role = participants.get(userId);
    if (role == null) {
      return Result.failure(ErrorCode.FORBIDDEN, "you are not a participant of this conversation");
    }
    if (!open) {
      return closedRefusal();
    }
    return Result.ok(role);
  }

  /** Validates a message text: 1 to {@value #MAX_MESSAGE_LENGTH} characters. */
  public static String checkMessage(String message) {
    if (message == null || message.isEmpty()) {
      throw DomainException.invalid("message must not be empty");
    }
    if (message.length() > MAX_MESSAGE_LENGTH) {
      throw DomainException.invalid(
          "message must be at most " + MAX_MESSAGE_LENGTH + " characters");
    }
    return message;
  }

  /**
   * Validates a message id used as a read marker: 1 to {@value #MAX_MESSAGE_ID_LENGTH} characters.
   */
  public static String checkMessageId(String messageId) {
    if (messageId == null || messageId.isBlank() || messageId.length() > MAX_MESSAGE_ID_LENGTH) {
      throw DomainException.invalid(
          "upTo must be a message id of 1 to " + MAX_MESSAGE_ID_LENGTH + " characters");
    }
    return messageId;
  }

  private static <T> Result<T> closedRefusal() {
    return Result.failure(ErrorCode.CONFLICT, "conversation closed");
  }

  /** The id. */
  public ConversationId id() {
    return id;
  }

  /** The company (tenant). */
  public CompanyId companyId() {
    return companyId;
  }

  /** Whether messages are accepted. */
  public boolean isOpen() {
    return open;
  }

  /** The version the state was read at (0 for a conversation never saved). */
  public long version() {
    return version;
  }

  /** This state as stored at {@code newVersion} (for repositories). */
  public Conversation withVersion(long newVersion) {
    return new Conversation(id, companyId, participants, open, readUpTo, newVersion);
  }

  /** The participants with their roles, in the order they joined. */
  public List<Participant> participants() {
    List<Participant> out = new ArrayList<>(participants.size());
    participants.forEach((u, r) -> out.add(new Participant(u, r)));
    return out;
  }

  /** The role of {@code userId} in this conversation, if it takes part. */
  public Optional<ParticipantRole> roleOf(UserId userId) {
    return Optional.ofNullable(participants.get(userId));
  }

  /** Whether {@code userId} takes part. */
  public boolean isParticipant(UserId userId) {
    return participants.containsKey(userId);
  }

  /**
   * The id of the last message each participant read (participants who read nothing are absent).
   */
  public Map<UserId, String> readState() {
    return readUpTo;
  }

  /** The state as plain values, for stores. */
  public Primitives toPrimitives() {
    Map<String, String> p = new LinkedHashMap<>();
    participants.forEach((u, r) -> p.put(u.value(), r.name()));
    Map<String, String> read = new LinkedHashMap<>();
    readUpTo.forEach((u, m) -> read.put(u.value(), m));
    return new Primitives(id.value(), companyId.toString(), p, open, read, version);
  }

  /** Rebuilds a state stored with {@link #toPrimitives()}; validates every value. */
  public static Conversation fromPrimitives(Primitives p) {
    Map<UserId, ParticipantRole> roles = new LinkedHashMap<>();
    p.participants().forEach((u, r) -> roles.put(UserId.of(u), ParticipantRole.valueOf(r)));
    Map<UserId, String> read = new LinkedHashMap<>();
    p.readUpTo().forEach((u, m) -> read.put(UserId.of(u), checkMessageId(m)));
    return new Conversation(
        ConversationId.of(p.id()), CompanyId.of(p.companyId()), roles, p.open(), read, p.version());
  }

  /**
   * A conversation as plain values (for JSON or rows).
   *
   * @param id the conversation id
   * @param companyId the company UUID
   * @param participants user id to role name, in joining order
   * @param open whether it is open
   * @param readUpTo user id to the id of the last message it read
   * @param version the stored version
   */
  public record Primitives(
      String id,
      String companyId,
      Map<String, String> participants,
      boolean open,
      Map<String, String> readUpTo,
      long version) {
    /** Copies the maps, keeping their order. */
    public Primitives {
      participants = Collections.unmodifiableMap(new LinkedHashMap<>(participants));
      readUpTo =
          Collections.unmodifiableMap(new LinkedHashMap<>(readUpTo == null ? Map.of() : readUpTo));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Conversation c
        && c.id.equals(id)
        && c.companyId.equals(companyId)
        && c.participants.equals(participants)
        && c.open == open
        && c.readUpTo.equals(readUpTo)
        && c.version == version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, companyId, participants, open, readUpTo, version);
  }

  @Override
  public String toString() {
    return "Conversation["
        + id
        + " of "
        + companyId
        + ", "
        + participants.size()
        + " participants, "
        + (open ? "open" : "closed")
        + ", v"
        + version
        + "]";
  }
}
