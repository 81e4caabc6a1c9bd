package io.realtimekit;

import io.realtimekit.application.AssignmentAnnouncer;
import io.realtimekit.application.AssignmentService;
import io.realtimekit.application.ChatHandler;
import io.realtimekit.application.clientevent.AssignmentClientEvents;
import io.realtimekit.application.command.AssignVisitor;
import io.realtimekit.application.command.ReleaseVisitor;
import io.realtimekit.application.query.GetAssignment;
import io.realtimekit.application.query.GetQueue;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.chat.ChatPolicy;
import io.realtimekit.infrastructure.memory.InMemoryDeliveredMessages;
import io.realtimekit.infrastructure.memory.InMemorySalesFloorRepository;
import io.realtimekit.application.ConnectionHandlers;
import io.realtimekit.application.NotificationHandlers;
import io.realtimekit.application.PresenceAnnouncer;
import io.realtimekit.application.PresenceQueries;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.EventHandler;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.BuiltInClientEvents;
import io.realtimekit.application.clientevent.ClientEventHandler;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.application.command.DisconnectUserSessions;
import io.realtimekit.application.command.NotificationReceipt;
import io.realtimekit.application.command.NotifyCompany;
import io.realtimekit.application.command.NotifyRole;
import io.realtimekit.application.command.NotifyUser;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.query.FindConnectedUsers;
import io.realtimekit.application.query.IsUserConnected;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.RolesUpdated;
import io.realtimekit.infrastructure.local.ExecutorTaskScheduler;
import io.realtimekit.infrastructure.local.LocalChannelRegistry;
import io.realtimekit.infrastructure.local.LocalDelivery;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.transport.NativeTransport;
import io.realtimekit.transport.RealtimeTransport;
import io.realtimekit.transport.SessionServices;
import io.realtimekit.transport.socketio.SocketIoTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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

  private enum Lifecycle { NEW, RUNNING, CLOSED }

  private final RealtimeSettings settings;
  private final NodeId nodeId;
  private final ConnectionRepository repository;
  private final CommandBus commands = new CommandBus();
  private final QueryBus queries = new QueryBus();
  private final EventBus events = new EventBus();
  private final ClientEventRouter router = new ClientEventRouter();
  private final NativeCodec codec = new NativeCodec();
  private final LocalChannelRegistry registry = new LocalChannelRegistry();
  private final TaskScheduler scheduler;
  private final boolean ownsScheduler;
  private final NativeTransport transport;
  private final SocketIoTransport socketIo;
  private final AssignmentService assignment;
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);

  private Realtime(Builder b) {
    this.settings = b.settings;
    this.nodeId = b.nodeId == null ? NodeId.random() : b.nodeId;
    this.repository = b.repository == null ? new InMemoryConnectionRepository() : b.repository;
    this.ownsScheduler = b.scheduler == null;
    this.scheduler = ownsScheduler ? new ExecutorTaskScheduler("realtime-timers-" + nodeId) : b.scheduler;
    Clock clock = b.clock;
    DeliveryPort delivery = b.delivery == null ? new LocalDelivery(registry, b.metrics) : b.delivery.apply(registry);

    new ConnectionHandlers(repository, events, delivery, scheduler, clock, settings.gracePeriod()).registerOn(commands);
    this.assignment = b.assignmentPolicy == null ? null : new AssignmentService(
        b.salesFloors == null ? new InMemorySalesFloorRepository() : b.salesFloors,
        events, b.assignmentPolicy, b.defaultCapacity, clock, b.assignmentExecutor, scheduler);
    ChatPolicy chatPolicy = b.chatPolicy == null ? ChatPolicy.standard(assignment != null) : b.chatPolicy;
    new ChatHandler(repository, events, delivery, codec::json, clock, chatPolicy,
        (company, user) -> assignment == null ? Optional.empty() : assignment.assignmentOf(company, user), b.metrics,
        b.deliveredMessages == null ? new InMemoryDeliveredMessages() : b.deliveredMessages, b.knownUserTtl)
        .registerOn(commands);
    new NotificationHandlers(events, delivery, codec::json, clock).registerOn(commands);
    new PresenceQueries(repository).registerOn(queries);
    PresenceAnnouncer presence = new PresenceAnnouncer(delivery, codec::json, repository);
    presence.subscribeTo(events);
    new BuiltInClientEvents(presence).registerOn(router);
    if (assignment != null) {
      assignment.registerOn(commands, queries);
      new AssignmentAnnouncer(delivery, codec::json, assignment.policy().offersToAll()).subscribeTo(events);
      AssignmentClientEvents.registerOn(router);
    }

    SessionServices services = new SessionServices(
        settings, nodeId, codec, b.tokenVerifier, commands, queries, router, registry, scheduler, clock,
        b.applicationExecutor, b.metrics);
    this.transport = new NativeTransport(services, () -> lifecycle.get() == Lifecycle.RUNNING);
    this.socketIo = new SocketIoTransport(services, () -> lifecycle.get() == Lifecycle.RUNNING);
    events.subscribe(RolesUpdated.class, e -> transport.rolesChanged(e.companyId(), e.userId(), e.current()));
  }

  /** A builder; {@link Builder#tokenVerifier} is the one required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts accepting sockets. Idempotent; throws {@link IllegalStateException} once closed. */
  public Realtime start() {
    if (lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.RUNNING)) {
      log.info("realtime node {} started", nodeId);
    } else if (lifecycle.get() == Lifecycle.CLOSED) {
      throw new IllegalStateException("this Realtime is closed; build a new one");
    }
    return this;
  }

  /**
   * Closes every socket with 1001 (going away), stops accepting new ones and releases the
   * threads this instance owns. Idempotent. Adapters stop their servers separately.
   */
  @Override
  public void close() {
    if (lifecycle.getAndSet(Lifecycle.CLOSED) == Lifecycle.CLOSED) {
      return;
    }
    transport.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
    socketIo.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
    if (ownsScheduler) {
      scheduler.close();
    }
    if (assignment != null) {
      assignment.close();
    }
    log.info("realtime node {} stopped", nodeId);
  }

  /** True between {@link #start()} and {@link #close()}. */
  public boolean isRunning() {
    return lifecycle.get() == Lifecycle.RUNNING;
  }

  /** What transport adapters mount. */
  public RealtimeTransport transport() {
    return transport;
  }

  /**
   * What adapters mount at {@code /socket.io/} for Socket.IO clients (v5 over Engine.IO v4): the
   * WebSocket transport and the long-polling one. Same events, authentication and limits as
   * {@link #transport()}.
   */
  public SocketIoTransport socketIoTransport() {
    return socketIo;
  }

  /** The limits and timings in force. */
  public RealtimeSettings settings() {
    return settings;
  }

  /** This node's id. */
  public NodeId nodeId() {
    return nodeId;
  }

  /** The command bus: the library's commands, and the host's own handlers and middleware. */
  public CommandBus commands() {
    return commands;
  }

  /** The query bus. */
  public QueryBus queries() {
    return queries;
  }

  /** The event bus: every domain event of this node. */
  public EventBus events() {
    return events;
  }

  /** The repository in use. */
  public ConnectionRepository repository() {
    return repository;
  }

  /** Subscribes to domain events of {@code type} (and subtypes), on the publishing thread. */
  public <E extends DomainEvent> Registration subscribe(Class<E> type, EventHandler<? super E> handler) {
    return events.subscribe(type, handler);
  }

  /**
   * Registers a client event of the host application, for example {@code on("visitor:open-chat",
   * RoleGuard.anyOf(Role.VISITOR), ctx -> ...)}. The handler can reply, emit to the caller and
   * send commands. A name already handled (the library's own included) is refused.
   */
  public Registration on(String event, RoleGuard guard, ClientEventHandler handler) {
    return router.on(event, guard, handler);
  }

  /** Pushes {@code payload} as event {@code type} to every socket of a user of a company. */
  public Result<NotificationReceipt> notifyUser(CompanyId companyId, UserId userId, String type, Object payload) {
    return commands.send(new NotifyUser(companyId, userId, type, payload));
  }

  /** Pushes {@code payload} as event {@code type} to every socket of the users of a company holding a role. */
  public Result<NotificationReceipt> notifyRole(CompanyId companyId, Role role, String type, Object payload) {
    return commands.send(new NotifyRole(companyId, role, type, payload));
  }

  /** Pushes {@code payload} as event {@code type} to every socket of a company. */
  public Result<NotificationReceipt> notifyCompany(CompanyId companyId, String type, Object payload) {
    return commands.send(new NotifyCompany(companyId, type, payload));
  }

  /** Whether the user has a live socket. */
  public boolean isConnected(UserId userId) {
    return queries.ask(new IsUserConnected(userId));
  }

  /** The connected users of a company, optionally only those holding {@code role}. */
  public List<ConnectionUser> connectedUsers(CompanyId companyId, Optional<Role> role) {
    return queries.ask(new FindConnectedUsers(companyId, role));
  }

  /** Whether presence-aware assignment is on ({@link Builder#assignment}). */
  public boolean isAssignmentEnabled() {
    return assignment != null;
  }

  /**
   * Assigns a waiting or assigned visitor to an online commercial with room (a manual assignment
   * or a transfer). Fails with {@code UNAVAILABLE} when assignment is off.
   */
  public Result<SalesFloor> assignVisitor(CompanyId companyId, UserId visitorId, UserId commercialId) {
    return assignment == null ? assignmentOff() : commands.send(new AssignVisitor(companyId, visitorId, commercialId));
  }

  /** Ends a visitor's assignment; its commercial takes the next in line. */
  public Result<SalesFloor> releaseVisitor(CompanyId companyId, UserId visitorId) {
    return assignment == null ? assignmentOff() : commands.send(new ReleaseVisitor(companyId, visitorId));
  }

  /** The commercial a visitor is assigned to, if any (always empty when assignment is off). */
  public Optional<UserId> assignmentOf(CompanyId companyId, UserId visitorId) {
    return assignment == null ? Optional.empty() : queries.ask(new GetAssignment(companyId, visitorId));
  }

  /** The visitors of a company waiting for a commercial, next first (empty when assignment is off). */
  public List<UserId> queue(CompanyId companyId) {
    return assignment == null ? List.of() : queries.ask(new GetQueue(companyId));
  }

  private static <T> Result<T> assignmentOff() {
    return Result.failure(io.realtimekit.domain.ErrorCode.UNAVAILABLE, "assignment is off");
  }

  /** Closes every socket of a user (close code 1008, {@code reason}); returns how many. */
  public Result<Integer> kick(CompanyId companyId, UserId userId, String reason) {
    return commands.send(new DisconnectUserSessions(companyId, userId, reason));
  }

  /** Configures a {@link Realtime}. Every setting but the token verifier has a default. */
  public static final class Builder {
    private TokenVerifier tokenVerifier;
    private ConnectionRepository repository;
    private NodeId nodeId;
    private Clock clock = Clock.systemUTC();
    private RealtimeSettings settings = RealtimeSettings.defaults();
    private TaskScheduler scheduler;
    private Executor applicationExecutor;
    private Function<LocalChannelRegistry, DeliveryPort> delivery;
    private AssignmentPolicy assignmentPolicy;
    private Executor assignmentExecutor;
    private int defaultCapacity = 3;
    private SalesFloorRepository salesFloors;
    private ChatPolicy chatPolicy;
    private RealtimeMetrics metrics = RealtimeMetrics.NONE;
    private DeliveredMessages deliveredMessages;
    private Duration knownUserTtl = Duration.ZERO;

    private Builder() {}

    /** Required: how tokens are checked, e.g. {@code JwtTokenVerifier.hmac(secret).build()}. */
    public Builder tokenVerifier(TokenVerifier verifier) {
      this.tokenVerifier = Objects.requireNonNull(verifier, "tokenVerifier");
      return this;
    }

    /** Where users live. Default: a new in-memory repository. */
    public Builder repository(ConnectionRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /** This node's id. Default: {@code node-} and 8 random hex digits. */
    public Builder nodeId(NodeId nodeId) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      return this;
    }

    /** The time source. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** All limits and timings at once. Default: {@link RealtimeSettings#defaults()}. */
    public Builder settings(RealtimeSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Sets the largest text frame accepted (default 64 KiB). */
    public Builder maxFrameBytes(int value) {
      this.settings = settings.withMaxFrameBytes(value);
      return this;
    }

    /** Sets how long a socket may stay unauthenticated (default 5 s). */
    public Builder authTimeout(Duration value) {
      this.settings = settings.withAuthTimeout(value);
      return this;
    }

    /** Sets the server ping interval (default 25 s). */
    public Builder heartbeat(Duration value) {
      this.settings = settings.withHeartbeat(value);
      return this;
    }

    /** Sets how long a silent socket lives (default 60 s). */
    public Builder idleTimeout(Duration value) {
      this.settings = settings.withIdleTimeout(value);
      return this;
    }

    /** Sets the sustained client events per second per connection (default 50). */
    public Builder eventsPerSecond(int value) {
      this.settings = settings.withEventsPerSecond(value);
      return this;
    }

    /** Sets the burst of client events above the rate (default 100). */
    public Builder eventBurst(int value) {
      this.settings = settings.withEventBurst(value);
      return this;
    }

    /** Sets the bytes that may wait for one socket before it is closed with 4429 (default 1 MiB). */
    public Builder outboundQueueBytes(long value) {
      this.settings = settings.withOutboundQueueBytes(value);
      return this;
    }

    /** Sets how long a user stays online after its last socket closed (default 3 s). */
    public Builder gracePeriod(Duration value) {
      this.settings = settings.withGracePeriod(value);
      return this;
    }

    /** Sets the Origin values allowed; empty allows all (default empty). */
    public Builder allowedOrigins(Set<String> value) {
      this.settings = settings.withAllowedOrigins(value);
      return this;
    }

    /** Sets the path of the native protocol (default /realtime). */
    public Builder path(String value) {
      this.settings = settings.withPath(value);
      return this;
    }

    /** Runs timers. Default: one daemon thread owned and stopped by the Realtime. */
    public Builder scheduler(TaskScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Where inbound frames are handled, in order per connection. Set it when the repository or
     * your client-event handlers may block. Default: none, frames are handled on the transport's
     * thread (right for the in-memory repository).
     */
    public Builder applicationExecutor(Executor executor) {
      this.applicationExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * How events reach sockets, given this node's registry. Default: this node only. A cluster
     * engine supplies one that also reaches other nodes.
     */
    public Builder delivery(Function<LocalChannelRegistry, DeliveryPort> factory) {
      this.delivery = Objects.requireNonNull(factory, "delivery");
      return this;
    }

    /**
     * Turns on presence-aware assignment of visitors to commercials with this policy, for
     * example {@code AssignmentPolicies.leastLoaded()}. Default: off.
     */
    public Builder assignment(AssignmentPolicy policy) {
      this.assignmentPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Where the changes to the companies' sales floors run, one company at a time each (never on
     * the transport's threads). Default: two daemon threads owned and stopped by the Realtime.
     * Tests may pass {@code Runnable::run} to run them on the publishing thread.
     */
    public Builder assignmentExecutor(Executor executor) {
      this.assignmentExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Visitors a commercial takes at once when its token has no {@code maxChats} claim. Default 3. */
    public Builder defaultCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("defaultCapacity must be at least 1");
      }
      this.defaultCapacity = capacity;
      return this;
    }

    /** Where sales floors live when assignment is on. Default: in memory. */
    public Builder salesFloors(SalesFloorRepository repository) {
      this.salesFloors = Objects.requireNonNull(repository, "salesFloors");
      return this;
    }

    /** Where the core reports counts and timings (a Micrometer binding, say). Default: nowhere. */
    public Builder metrics(RealtimeMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }


    /**
     * Where delivered messages are remembered for receipts. Default: the last 100,000 messages of
     * this node, in memory; the cluster engine supplies one shared by every node.
     */
    public Builder deliveredMessages(DeliveredMessages store) {
      this.deliveredMessages = Objects.requireNonNull(store, "deliveredMessages");
      return this;
    }

    /**
     * How long the chat's hot path reuses a user (company, roles, nodes) read from the repository,
     * so that a message needs no repository round trip when the repository is remote. Only users
     * found connected are kept and delivery still decides presence; roles may be stale for this
     * long. Default zero (read every time: right for the in-memory repository); the cluster engine
     * sets 2 s.
     */
    public Builder knownUserTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "knownUserTtl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("knownUserTtl must not be negative");
      }
      this.knownUserTtl = ttl;
      return this;
    }

    /** Who may message whom. Default: {@link ChatPolicy#standard(boolean)}. */
    public Builder chatPolicy(ChatPolicy policy) {
      this.chatPolicy = Objects.requireNonNull(policy, "chatPolicy");
      return this;
    }

    /**
     * Builds an unstarted Realtime.
     *
     * @throws IllegalStateException when no token verifier was set
     */
    public Realtime build() {
      if (tokenVerifier == null) {
        throw new IllegalStateException("a token verifier is required: tokenVerifier(JwtTokenVerifier.hmac(secret).build())");
      }
      return new Realtime(this);
    }
  }
}
