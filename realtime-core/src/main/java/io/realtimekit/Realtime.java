package io.realtimekit;

import io.realtimekit.application.assignment.AssignVisitor;
import io.realtimekit.application.assignment.GetAssignment;
import io.realtimekit.application.assignment.GetQueue;
import io.realtimekit.application.assignment.ReleaseVisitor;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.EventHandler;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.ClientEventHandler;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.application.connection.DisconnectUserSessions;
import io.realtimekit.application.conversation.AddParticipant;
import io.realtimekit.application.conversation.CloseConversation;
import io.realtimekit.application.conversation.ListConversations;
import io.realtimekit.application.conversation.OpenConversation;
import io.realtimekit.application.conversation.RemoveParticipant;
import io.realtimekit.application.notification.NotificationReceipt;
import io.realtimekit.application.notification.NotifyCompany;
import io.realtimekit.application.notification.NotifyRole;
import io.realtimekit.application.notification.NotifyUser;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.application.presence.FindConnectedUsers;
import io.realtimekit.application.presence.IsUserConnected;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.conversation.Conversation;
import io.realtimekit.domain.conversation.ConversationId;
import io.realtimekit.domain.conversation.Participant;
import io.realtimekit.domain.conversation.ParticipantRole;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.transport.RealtimeTransport;
import io.realtimekit.transport.socketio.SocketIoTransport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time context of one node: its buses, its sockets and the host application's API.
 *
 * <pre>{@code
 * Realtime realtime = Realtime.builder()
 *     .tokenVerifier(JwtTokenVerifier.hmac(secret).build())
 *     .build();
 * realtime.start();
 * // mount realtime.transport() on Jetty (realtime-jetty) or any Jakarta container (realtime-jakarta)
 * realtime.subscribe(UserConnected.class, e -> log.info("{} is online", e.userId()));
 * realtime.notifyRole(companyId, Role.COMMERCIAL, "lead:new", lead);
 * realtime.close(); // closes every socket with 1001 and releases every thread
 * }</pre>
 *
 * <p>Thread-safe. No static state: several instances can live in one JVM (tests do).
 */
public final class Realtime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Realtime.class);

  private enum Lifecycle {
    NEW,
    RUNNING,
    CLOSED
  }

  private final RealtimeAssembly node;
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);

  Realtime(RealtimeAssembly node) {
    this.node = node;
  }

  /** A builder; {@link RealtimeBuilder#tokenVerifier} is the one required setting. */
  public static RealtimeBuilder builder() {
    return new RealtimeBuilder();
  }

  /** Starts accepting sockets. Idempotent; throws {@link IllegalStateException} once closed. */
  public Realtime start() {
    synchronized (lifecycle) {
      if (lifecycle.get() == Lifecycle.NEW) {
        node.liveness.start(); // before sockets are accepted: what it sweeps cannot be this run's
        lifecycle.set(Lifecycle.RUNNING);
        node.running.set(true);
        node.scheduleBudgetEviction();
        log.info("realtime node {} started", node.nodeId);
      } else if (lifecycle.get() == Lifecycle.CLOSED) {
        throw new IllegalStateException("this Realtime is closed; build a new one");
      }
    }
    return this;
  }

  /**
   * Closes every socket with 1001 (going away), stops accepting new ones and releases the threads
   * this instance owns. Idempotent. Adapters stop their servers separately.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (lifecycle.getAndSet(Lifecycle.CLOSED) == Lifecycle.CLOSED) {
        return;
      }
    }
    node.running.set(false);
    node.shutDown();
    log.info("realtime node {} stopped", node.nodeId);
  }

  /**
   * This node's health: running, and every check up (the repository when it implements {@link
   * HealthCheck}, and those added with {@link RealtimeBuilder#healthCheck}). Runs the checks now;
   * each answers within its store's own timeout.
   */
  public RealtimeHealth health() {
    boolean running = isRunning();
    Map<String, HealthCheck.Status> answers = new LinkedHashMap<>();
    boolean up = running;
    for (Map.Entry<String, HealthCheck> e : node.healthChecks.entrySet()) {
      HealthCheck.Status status;
      try {
        status = e.getValue().check();
      } catch (RuntimeException failure) {
        status = HealthCheck.Status.down("check failed");
      }
      answers.put(e.getKey(), status);
      up &= status.up();
    }
    return new RealtimeHealth(up, running, answers);
  }

  /** True between {@link #start()} and {@link #close()}. */
  public boolean isRunning() {
    return lifecycle.get() == Lifecycle.RUNNING;
  }

  /** What transport adapters mount. */
  public RealtimeTransport transport() {
    return node.transport;
  }

  /**
   * What adapters mount at {@code /socket.io/} for Socket.IO clients (v5 over Engine.IO v4): the
   * WebSocket transport and the long-polling one. Same events, authentication and limits as {@link
   * #transport()}.
   */
  public SocketIoTransport socketIoTransport() {
    return node.socketIo;
  }

  /** The limits and timings in force. */
  public RealtimeSettings settings() {
    return node.settings;
  }

  /** This node's id. */
  public NodeId nodeId() {
    return node.nodeId;
  }

  /** The command bus: the library's commands, and the host's own handlers and middleware. */
  public CommandBus commands() {
    return node.commands;
  }

  /** The query bus. */
  public QueryBus queries() {
    return node.queries;
  }

  /** The event bus: every domain event of this node. */
  public EventBus events() {
    return node.events;
  }

  /** The repository in use. */
  public ConnectionRepository repository() {
    return node.repository;
  }

  /** Subscribes to domain events of {@code type} (and subtypes), on the publishing thread. */
  public <E extends DomainEvent> Registration subscribe(
      Class<E> type, EventHandler<? super E> handler) {
    return node.events.subscribe(type, handler);
  }

  /**
   * Registers a client event of the host application, for example {@code on("visitor:open-chat",
   * RoleGuard.anyOf(Role.VISITOR), ctx -> ...)}. The handler can reply, emit to the caller and send
   * node.commands. A name already handled (the library's own included) is refused.
   */
  public Registration on(String event, RoleGuard guard, ClientEventHandler handler) {
    return node.router.on(event, guard, handler);
  }

  /** Pushes {@code payload} as event {@code type} to every socket of a user of a company. */
  public Result<NotificationReceipt> notifyUser(
      CompanyId companyId, UserId userId, String type, Object payload) {
    return node.commands.send(new NotifyUser(companyId, id(companyId, userId), type, payload));
  }

  /**
   * Pushes {@code payload} as event {@code type} to every socket of the users of a company holding
   * a role.
   */
  public Result<NotificationReceipt> notifyRole(
      CompanyId companyId, Role role, String type, Object payload) {
    return node.commands.send(new NotifyRole(companyId, role, type, payload));
  }

  /** Pushes {@code payload} as event {@code type} to every socket of a company. */
  public Result<NotificationReceipt> notifyCompany(
      CompanyId companyId, String type, Object payload) {
    return node.commands.send(new NotifyCompany(companyId, type, payload));
  }

  /** Whether the user has a live socket. */
  public boolean isConnected(UserId userId) {
    return node.queries.ask(new IsUserConnected(id(null, userId)));
  }

  /**
   * Whether user ids are global or per company ({@link RealtimeBuilder#userIds}). Under {@link
   * UserIdScope#PER_COMPANY} every method here taking a user id wants the qualified one ({@link
   * UserId#of(CompanyId, String)}) and throws {@link IllegalArgumentException} for a bare id or one
   * of another company than the call's.
   */
  public UserIdScope userIds() {
    return node.userIds;
  }

  private UserId id(CompanyId companyId, UserId userId) {
    return node.userIds.require(companyId, userId);
  }

  /** The connected users of a company, optionally only those holding {@code role}. */
  public List<ConnectionUser> connectedUsers(CompanyId companyId, Optional<Role> role) {
    return node.queries.ask(new FindConnectedUsers(companyId, role));
  }

  /**
   * Opens a conversation of {@code companyId} with a new random id and its first participants (each
   * pushed {@code conversation:join}).
   */
  public Result<Conversation> openConversation(
      CompanyId companyId, List<Participant> participants) {
    return openConversation(companyId, ConversationId.random(), participants);
  }

  /**
   * Opens a conversation with the id of your choice; an id in use is refused with {@code CONFLICT}.
   */
  public Result<Conversation> openConversation(
      CompanyId companyId, ConversationId id, List<Participant> participants) {
    if (participants != null) {
      participants.forEach(p -> id(companyId, p.userId()));
    }
    return node.commands.send(new OpenConversation(companyId, id, participants));
  }

  /**
   * Adds a participant to a conversation (or changes its role); the participants are pushed {@code
   * conversation:join}.
   */
  public Result<Conversation> addParticipant(
      CompanyId companyId, ConversationId id, UserId userId, ParticipantRole role) {
    return node.commands.send(new AddParticipant(companyId, id, id(companyId, userId), role));
  }

  /**
   * Removes a participant at once; the participants, the leaving one included, are pushed {@code
   * conversation:leave}.
   */
  public Result<Conversation> removeParticipant(
      CompanyId companyId, ConversationId id, UserId userId) {
    return node.commands.send(new RemoveParticipant(companyId, id, id(companyId, userId)));
  }

  /**
   * Closes a conversation: its messages are refused afterwards ({@code CONFLICT "conversation
   * closed"}).
   */
  public Result<Conversation> closeConversation(CompanyId companyId, ConversationId id) {
    return node.commands.send(new CloseConversation(companyId, id));
  }

  /** The open conversations {@code userId} of {@code companyId} takes part in. */
  public List<Conversation> conversations(CompanyId companyId, UserId userId) {
    return node.queries.ask(new ListConversations(companyId, id(companyId, userId)));
  }

  /** Whether presence-aware assignment is on ({@link RealtimeBuilder#assignment}). */
  public boolean isAssignmentEnabled() {
    return node.assignment.isPresent();
  }

  /**
   * Assigns a waiting or assigned visitor to an online commercial with room (a manual assignment or
   * a transfer). Fails with {@code UNAVAILABLE} when assignment is off.
   */
  public Result<SalesFloor> assignVisitor(
      CompanyId companyId, UserId visitorId, UserId commercialId) {
    return node.assignment.isEmpty()
        ? assignmentOff()
        : node.commands.send(
            new AssignVisitor(companyId, id(companyId, visitorId), id(companyId, commercialId)));
  }

  /** Ends a visitor's assignment; its commercial takes the next in line. */
  public Result<SalesFloor> releaseVisitor(CompanyId companyId, UserId visitorId) {
    return node.assignment.isEmpty()
        ? assignmentOff()
        : node.commands.send(new ReleaseVisitor(companyId, id(companyId, visitorId)));
  }

  /** The commercial a visitor is assigned to, if any (always empty when assignment is off). */
  public Optional<UserId> assignmentOf(CompanyId companyId, UserId visitorId) {
    return node.assignment.isEmpty()
        ? Optional.empty()
        : node.queries.ask(new GetAssignment(companyId, id(companyId, visitorId)));
  }

  /**
   * The visitors of a company waiting for a commercial, next first (empty when assignment is off).
   */
  public List<UserId> queue(CompanyId companyId) {
    return node.assignment.isEmpty() ? List.of() : node.queries.ask(new GetQueue(companyId));
  }

  private static <T> Result<T> assignmentOff() {
    return Result.failure(ErrorCode.UNAVAILABLE, "assignment is off");
  }

  /** Closes every socket of a user (close code 1008, {@code reason}); returns how many. */
  public Result<Integer> kick(CompanyId companyId, UserId userId, String reason) {
    return node.commands.send(new DisconnectUserSessions(companyId, id(companyId, userId), reason));
  }
}
