package io.realtimekit;

import io.realtimekit.application.FeatureContext;
import io.realtimekit.application.assignment.AssignmentFeature;
import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.chat.ChatFeature;
import io.realtimekit.application.clientevent.ClientEventRouter;
import io.realtimekit.application.connection.ConnectionFeature;
import io.realtimekit.application.connection.NodeLiveness;
import io.realtimekit.application.continuity.KeptEventDelivery;
import io.realtimekit.application.conversation.ConversationFeature;
import io.realtimekit.application.notification.NotificationFeature;
import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.CloseReason;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.application.presence.PresenceFeature;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.chat.ChatPolicy;
import io.realtimekit.domain.chat.OfflinePolicy;
import io.realtimekit.domain.event.RolesUpdated;
import io.realtimekit.infrastructure.local.ExecutorTaskScheduler;
import io.realtimekit.infrastructure.local.LocalChannelRegistry;
import io.realtimekit.infrastructure.local.LocalDelivery;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import io.realtimekit.infrastructure.memory.InMemoryConversationRepository;
import io.realtimekit.infrastructure.memory.InMemoryDeliveredMessages;
import io.realtimekit.infrastructure.memory.InMemoryNodeLeases;
import io.realtimekit.infrastructure.memory.InMemoryOfflineInbox;
import io.realtimekit.infrastructure.memory.InMemorySalesFloorRepository;
import io.realtimekit.infrastructure.memory.InMemoryUserEventStreams;
import io.realtimekit.protocol.CloseCodes;
import io.realtimekit.protocol.NativeCodec;
import io.realtimekit.transport.ClientBudgets;
import io.realtimekit.transport.NativeTransport;
import io.realtimekit.transport.SessionServices;
import io.realtimekit.transport.socketio.SocketIoTransport;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The wiring of one node, from a {@link RealtimeBuilder}: the buses, the local registry and
 * delivery, each feature installed through its entry point, and the two transports. {@link
 * Realtime} is the facade over it; nothing outside this package sees it.
 */
final class RealtimeAssembly {
  final RealtimeSettings settings;
  final NodeId nodeId;
  final ConnectionRepository repository;
  final CommandBus commands = new CommandBus();
  final QueryBus queries = new QueryBus();
  final EventBus events = new EventBus();
  final ClientEventRouter router;

  /** Whether user ids are global or per company. */
  final UserIdScope userIds;

  final TaskScheduler scheduler;
  final boolean ownsScheduler;
  final NativeTransport transport;
  final SocketIoTransport socketIo;

  /** Empty when assignment is off. */
  final Optional<AssignmentFeature> assignment;

  /** Keeps this node's lease and sweeps dead nodes. */
  final NodeLiveness liveness;

  /** The per-user and per-address budgets every socket shares. */
  final ClientBudgets budgets;

  /** The named checks of the node's health, the repository's first when it has one. */
  final Map<String, HealthCheck> healthChecks;

  /** The chat feature's handlers, and with the keep offline policy its inbox sweep. */
  final Registration chat;

  /** Whether the facade accepts sockets now (between start and close). */
  final AtomicBoolean running = new AtomicBoolean();

  RealtimeAssembly(RealtimeBuilder b) {
    this.settings = b.settings;
    this.userIds = b.userIds;
    this.router = new ClientEventRouter(userIds);
    this.nodeId = b.nodeId == null ? NodeId.random() : b.nodeId;
    this.repository = b.repository == null ? new InMemoryConnectionRepository() : b.repository;
    this.ownsScheduler = b.scheduler == null;
    this.scheduler =
        ownsScheduler ? new ExecutorTaskScheduler("realtime-timers-" + nodeId) : b.scheduler;
    NativeCodec codec = new NativeCodec();
    ChannelRegistry registry = new LocalChannelRegistry();
    DeliveryPort delivery =
        b.delivery == null ? LocalDelivery.over(registry, b.metrics) : b.delivery.apply(registry);
    FeatureContext ctx =
        new FeatureContext(
            repository, commands, queries, events, router, delivery, codec::json, b.clock);
    // recovery: what is pushed to users (but presence diffs and typing) is kept in their streams
    UserEventStreams streams =
        !b.recovery
            ? null
            : b.userEventStreams == null
                ? new InMemoryUserEventStreams(b.streamLimits, b.clock)
                : b.userEventStreams.apply(b.streamLimits);
    DeliveryPort keeping =
        streams == null ? delivery : new KeptEventDelivery(delivery, streams, repository);
    FeatureContext keptCtx =
        new FeatureContext(
            repository, commands, queries, events, router, keeping, codec::json, b.clock);

    ConnectionFeature.install(ctx, scheduler, settings.gracePeriod());
    this.assignment =
        b.assignmentPolicy == null
            ? Optional.empty()
            : Optional.of(
                AssignmentFeature.install(
                    keptCtx,
                    b.salesFloors == null ? new InMemorySalesFloorRepository() : b.salesFloors,
                    b.assignmentPolicy,
                    b.defaultCapacity,
                    b.assignmentExecutor,
                    scheduler));
    ChatPolicy chatPolicy =
        b.chatPolicy == null ? ChatPolicy.standard(assignment.isPresent()) : b.chatPolicy;
    // the keep offline policy: messages that reach no socket wait in the receiver's inbox
    OfflineInbox inbox =
        b.offlinePolicy != OfflinePolicy.KEEP
            ? null
            : b.offlineInbox == null
                ? new InMemoryOfflineInbox(b.inboxLimits, b.clock)
                : b.offlineInbox.apply(b.inboxLimits);
    this.chat =
        ChatFeature.install(
            keptCtx,
            chatPolicy,
            (company, user) -> assignment.flatMap(a -> a.assignmentOf(company, user)),
            b.metrics,
            b.deliveredMessages == null ? new InMemoryDeliveredMessages() : b.deliveredMessages,
            b.knownUserTtl,
            inbox,
            b.inboxLimits,
            scheduler);
    NotificationFeature.install(keptCtx, settings.outboundFrameLimit());
    PresenceFeature.install(ctx);
    ConversationFeature.install(
        keptCtx, // conversation messages are kept events: a reload recovers them
        b.conversations == null ? new InMemoryConversationRepository() : b.conversations,
        b.conversationPolicy,
        b.observersMaySend,
        assignment.isPresent()
            && (b.conversationsFollowAssignment == null || b.conversationsFollowAssignment));

    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    if (repository instanceof HealthCheck repositoryCheck) {
      checks.put("repository", repositoryCheck);
    }
    checks.putAll(b.healthChecks);
    this.healthChecks = Collections.unmodifiableMap(checks);
    this.budgets = new ClientBudgets(b.clientLimits.resolvedAgainst(settings), System::nanoTime);
    SessionServices services =
        new SessionServices(
            settings,
            nodeId,
            codec,
            ScopedTokenVerifier.of(b.tokenVerifier, userIds),
            commands,
            queries,
            router,
            registry,
            scheduler,
            b.clock,
            b.applicationExecutor,
            b.metrics,
            budgets,
            streams);
    this.transport = new NativeTransport(services, running::get);
    this.socketIo = new SocketIoTransport(services, running::get);
    events.subscribe(
        RolesUpdated.class, e -> registry.updateRoles(e.companyId(), e.userId(), e.current()));
    Duration leaseTtl = b.nodeLeaseTtl;
    this.liveness =
        new NodeLiveness(
            nodeId,
            b.nodeLeases == null ? new InMemoryNodeLeases(b.clock) : b.nodeLeases,
            repository,
            commands,
            leaseTtl,
            b.nodeHeartbeat != null
                ? b.nodeHeartbeat
                : Duration.ofMillis(Math.max(50, Math.min(1_000, leaseTtl.toMillis() / 3))),
            b.clock);
  }

  /**
   * Every 30 s while running, forgets the per-user and per-address budgets of clients gone idle.
   */
  void scheduleBudgetEviction() {
    scheduler.schedule(
        Duration.ofSeconds(30),
        () -> {
          if (running.get()) {
            budgets.evictIdle();
            scheduleBudgetEviction();
          }
        });
  }

  /** Closes every socket of both transports with "going away", then the scheduler when owned. */
  void shutDown() {
    transport.closeAll(CloseReason.SHUTTING_DOWN, "server shutting down");
    socketIo.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
    liveness.close();
    chat.close();
    assignment.ifPresent(AssignmentFeature::close);
    if (ownsScheduler) {
      scheduler.close();
    }
  }
}
