package io.realtimekit;

import io.realtimekit.application.port.ChannelRegistry;
import io.realtimekit.application.port.DeliveredMessages;
import io.realtimekit.application.port.DeliveryPort;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.application.port.InboxLimits;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.application.port.OfflineInbox;
import io.realtimekit.application.port.RealtimeMetrics;
import io.realtimekit.application.port.StreamLimits;
import io.realtimekit.application.port.TaskScheduler;
import io.realtimekit.application.port.TokenVerifier;
import io.realtimekit.application.port.UserEventStreams;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.NodeId;
import io.realtimekit.domain.UserIdScope;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.chat.ChatPolicy;
import io.realtimekit.domain.chat.OfflinePolicy;
import io.realtimekit.domain.conversation.ConversationPolicy;
import io.realtimekit.domain.conversation.ConversationRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Configures a {@link Realtime}; obtained from {@link Realtime#builder()}. Every setting but the
 * token verifier has a default. Not thread-safe; build once.
 */
public final class RealtimeBuilder {
  TokenVerifier tokenVerifier;
  ConnectionRepository repository;
  NodeId nodeId;
  Clock clock = Clock.systemUTC();
  RealtimeSettings settings = RealtimeSettings.defaults();
  TaskScheduler scheduler;
  Executor applicationExecutor;
  Function<ChannelRegistry, DeliveryPort> delivery;
  AssignmentPolicy assignmentPolicy;
  int defaultCapacity = 3;
  SalesFloorRepository salesFloors;
  ChatPolicy chatPolicy;
  RealtimeMetrics metrics = RealtimeMetrics.NONE;
  DeliveredMessages deliveredMessages;
  Duration knownUserTtl = Duration.ZERO;
  NodeLeases nodeLeases;
  Executor assignmentExecutor;
  boolean recovery = true;
  StreamLimits streamLimits = StreamLimits.DEFAULTS;
  Function<StreamLimits, UserEventStreams> userEventStreams;
  OfflinePolicy offlinePolicy = OfflinePolicy.REFUSE;
  InboxLimits inboxLimits = InboxLimits.DEFAULTS;
  Function<InboxLimits, OfflineInbox> offlineInbox;
  Duration nodeLeaseTtl = Duration.ofSeconds(5);
  Duration nodeHeartbeat;
  ClientLimits clientLimits = ClientLimits.defaults();
  final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();
  ConversationRepository conversations;
  boolean observersMaySend;
  ConversationPolicy conversationPolicy = ConversationPolicy.ALLOW_ALL;
  Boolean conversationsFollowAssignment;
  UserIdScope userIds = UserIdScope.GLOBAL;

  RealtimeBuilder() {}

  /** Required: how tokens are checked, e.g. {@code JwtTokenVerifier.hmac(secret).build()}. */
  public RealtimeBuilder tokenVerifier(TokenVerifier verifier) {
    this.tokenVerifier = Objects.requireNonNull(verifier, "tokenVerifier");
    return this;
  }

  /** Global user ids (the default) or per company ({@link UserIdScope}, README "Configuration"). */
  public RealtimeBuilder userIds(UserIdScope scope) {
    this.userIds = Objects.requireNonNull(scope, "userIds");
    return this;
  }

  /** Where users live. Default: a new in-memory repository. */
  public RealtimeBuilder repository(ConnectionRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
    return this;
  }

  /** This node's id. Default: {@code node-} and 8 random hex digits. */
  public RealtimeBuilder nodeId(NodeId nodeId) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    return this;
  }

  /** The time source. Default: {@link Clock#systemUTC()}. */
  public RealtimeBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** All limits and timings at once. Default: {@link RealtimeSettings#defaults()}. */
  public RealtimeBuilder settings(RealtimeSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /** Sets the largest text frame accepted (default 64 KiB). */
  public RealtimeBuilder maxFrameBytes(int value) {
    this.settings = settings.withMaxFrameBytes(value);
    return this;
  }

  /**
   * Sets the largest frame the server sends (default 1 MiB, at least {@code maxFrameBytes}): a host
   * notification over it is refused to the host with {@code INVALID_ARGUMENT}, never sent.
   */
  public RealtimeBuilder maxOutboundFrameBytes(int value) {
    this.settings = settings.withMaxOutboundFrameBytes(value);
    return this;
  }

  /** Sets how long a socket may stay unauthenticated (default 5 s). */
  public RealtimeBuilder authTimeout(Duration value) {
    this.settings = settings.withAuthTimeout(value);
    return this;
  }

  /** Sets the server ping interval (default 25 s). */
  public RealtimeBuilder heartbeat(Duration value) {
    this.settings = settings.withHeartbeat(value);
    return this;
  }

  /** Sets how long a silent socket lives (default 60 s). */
  public RealtimeBuilder idleTimeout(Duration value) {
    this.settings = settings.withIdleTimeout(value);
    return this;
  }

  /** Sets the sustained client events per second per connection (default 50). */
  public RealtimeBuilder eventsPerSecond(int value) {
    this.settings = settings.withEventsPerSecond(value);
    return this;
  }

  /** Sets the burst of client events above the rate (default 100). */
  public RealtimeBuilder eventBurst(int value) {
    this.settings = settings.withEventBurst(value);
    return this;
  }

  /** Sets the bytes that may wait for one socket before it is closed with 4429 (default 1 MiB). */
  public RealtimeBuilder outboundQueueBytes(long value) {
    this.settings = settings.withOutboundQueueBytes(value);
    return this;
  }

  /** Sets how long a user stays online after its last socket closed (default 3 s). */
  public RealtimeBuilder gracePeriod(Duration value) {
    this.settings = settings.withGracePeriod(value);
    return this;
  }

  /** Sets the Origin values allowed; empty allows all (default empty). */
  public RealtimeBuilder allowedOrigins(Set<String> value) {
    this.settings = settings.withAllowedOrigins(value);
    return this;
  }

  /** Sets the path of the native protocol (default /realtime). */
  public RealtimeBuilder path(String value) {
    this.settings = settings.withPath(value);
    return this;
  }

  /** Runs timers. Default: one daemon thread owned and stopped by the Realtime. */
  public RealtimeBuilder scheduler(TaskScheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Where inbound frames are handled, in order per connection. Set it when the repository or your
   * client-event handlers may block. Default: none, frames are handled on the transport's thread
   * (right for the in-memory repository).
   */
  public RealtimeBuilder applicationExecutor(Executor executor) {
    this.applicationExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * How events reach sockets, given this node's registry. Default: this node only. A cluster engine
   * supplies one that also reaches other nodes.
   */
  public RealtimeBuilder delivery(Function<ChannelRegistry, DeliveryPort> factory) {
    this.delivery = Objects.requireNonNull(factory, "delivery");
    return this;
  }

  /**
   * Turns on presence-aware assignment of visitors to commercials with this policy, for example
   * {@code AssignmentPolicies.leastLoaded()}. Default: off.
   */
  public RealtimeBuilder assignment(AssignmentPolicy policy) {
    this.assignmentPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Visitors a commercial takes at once when its token has no {@code maxChats} claim. Default 3.
   */
  public RealtimeBuilder defaultCapacity(int capacity) {
    this.defaultCapacity = BuilderChecks.atLeast(capacity, 1, "defaultCapacity");
    return this;
  }

  /** Where sales floors live when assignment is on. Default: in memory. */
  public RealtimeBuilder salesFloors(SalesFloorRepository repository) {
    this.salesFloors = Objects.requireNonNull(repository, "salesFloors");
    return this;
  }

  /** Where the core reports counts and timings (a Micrometer binding, say). Default: nowhere. */
  public RealtimeBuilder metrics(RealtimeMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /**
   * Where delivered messages are remembered for receipts. Default: the last 100,000 messages of
   * this node, in memory; the cluster engine supplies one shared by every node.
   */
  public RealtimeBuilder deliveredMessages(DeliveredMessages store) {
    this.deliveredMessages = Objects.requireNonNull(store, "deliveredMessages");
    return this;
  }

  /**
   * How long the chat's hot path reuses a user (company, roles, nodes) read from the repository, so
   * that a message needs no repository round trip when the repository is remote. Only users found
   * connected are kept and delivery still decides presence; roles may be stale for this long.
   * Default zero (read every time: right for the in-memory repository); the cluster engine sets 2
   * s.
   */
  public RealtimeBuilder knownUserTtl(Duration ttl) {
    this.knownUserTtl = BuilderChecks.atLeast(ttl, Duration.ZERO, "knownUserTtl");
    return this;
  }

  /**
   * Where the changes to the companies' sales floors run, one company at a time each (never on the
   * transport's threads). Default: two daemon threads owned and stopped by the Realtime. Tests may
   * pass {@code Runnable::run} to run them on the publishing thread.
   */
  public RealtimeBuilder assignmentExecutor(Executor executor) {
    this.assignmentExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Turns message continuity on or off. On (the default): every event pushed to a user that is
   * worth keeping (chat messages, receipts, notifications, assignment events; not typing, not
   * presence diffs) is kept in that user's stream and carries its {@code offset}; {@code connected}
   * carries the user's {@code epoch} and {@code offset}; a client reconnecting with {@code recover}
   * gets what it missed; a chat message to a user inside its grace period is accepted as {@code
   * pending}. Off: none of this (no stream is written).
   */
  public RealtimeBuilder recovery(boolean on) {
    this.recovery = on;
    return this;
  }

  /** How long events stay in a user's stream for recovery. Default 2 minutes; at least 1 ms. */
  public RealtimeBuilder streamWindow(Duration window) {
    this.streamLimits = new StreamLimits(window, streamLimits.maxEvents());
    return this;
  }

  /** How many events a user's stream keeps at most (the oldest go first). Default 1,000. */
  public RealtimeBuilder streamMaxEvents(int maxEvents) {
    this.streamLimits = new StreamLimits(streamLimits.window(), maxEvents);
    return this;
  }

  /**
   * Where users' event streams live, given the window and size cap set here. Default: in this
   * node's memory ({@code InMemoryUserEventStreams}); the cluster engine supplies one in Redis,
   * shared by every node.
   */
  public RealtimeBuilder userEventStreams(Function<StreamLimits, UserEventStreams> factory) {
    this.userEventStreams = Objects.requireNonNull(factory, "userEventStreams");
    return this;
  }

  /**
   * What a chat message to an offline receiver (no socket, and not inside its grace period) gets.
   * {@link OfflinePolicy#REFUSE} (the default): {@code USER_NOT_CONNECTED}. {@link
   * OfflinePolicy#KEEP}: accepted as {@code pending} and kept in the receiver's offline inbox (up
   * to {@link #offlineInboxTtl} and {@link #offlineInboxMaxMessages}), handed to it when it next
   * connects (right after {@code connected}) until it acknowledges with {@code chat:delivered} (its
   * sender then gets {@code chat:delivered}); {@code ChatMessageKept} and {@code
   * ChatMessageExpired} are published. With {@code KEEP}, any message that reaches no socket is
   * kept, a send during a reload too.
   */
  public RealtimeBuilder offlinePolicy(OfflinePolicy policy) {
    this.offlinePolicy = Objects.requireNonNull(policy, "offlinePolicy");
    return this;
  }

  /**
   * How long a kept message waits for its receiver's acknowledgement. Default 7 days; at least 1
   * ms.
   */
  public RealtimeBuilder offlineInboxTtl(Duration ttl) {
    this.inboxLimits = new InboxLimits(ttl, inboxLimits.maxMessages());
    return this;
  }

  /**
   * How many messages an offline inbox keeps per user (a new one pushes the oldest out). Default
   * 1,000.
   */
  public RealtimeBuilder offlineInboxMaxMessages(int maxMessages) {
    this.inboxLimits = new InboxLimits(inboxLimits.ttl(), maxMessages);
    return this;
  }

  /**
   * Where offline inboxes live (with the {@code KEEP} offline policy), given the TTL and cap set
   * here. Default: in this node's memory ({@code InMemoryOfflineInbox}); the cluster engine
   * supplies one in Redis, shared by every node.
   */
  public RealtimeBuilder offlineInbox(Function<InboxLimits, OfflineInbox> factory) {
    this.offlineInbox = Objects.requireNonNull(factory, "offlineInbox");
    return this;
  }

  /**
   * Adds a named check to {@link Realtime#health()} (and so to {@code /health}): a database, a
   * broker, anything the node needs. A repository implementing {@link HealthCheck} is checked as
   * {@code repository} without this.
   */
  public RealtimeBuilder healthCheck(String name, HealthCheck check) {
    Objects.requireNonNull(name, "name");
    this.healthChecks.put(name, Objects.requireNonNull(check, "check"));
    return this;
  }

  /**
   * Limits per user and per client address, on top of each connection's event bucket. Default
   * {@link ClientLimits#defaults()}: per user at most 20 sockets, 5 new sockets a second (burst 20)
   * and twice the per-connection event budget; nothing per address.
   */
  public RealtimeBuilder clientLimits(ClientLimits limits) {
    this.clientLimits = Objects.requireNonNull(limits, "clientLimits");
    return this;
  }

  /**
   * Where node leases live, shared by every node of the repository. Default: in memory (one node).
   * A durable repository wants a durable lease store, or a stable {@link #nodeId}: a node sweeps at
   * start what its previous run left, and every heartbeat what lapsed nodes left.
   */
  public RealtimeBuilder nodeLeases(NodeLeases leases) {
    this.nodeLeases = Objects.requireNonNull(leases, "nodeLeases");
    return this;
  }

  /**
   * How long this node's lease lives without renewal. Default 5 s, at least 300 ms. A ghost user of
   * a killed node is gone within this, one heartbeat and the grace period.
   */
  public RealtimeBuilder nodeLeaseTtl(Duration ttl) {
    this.nodeLeaseTtl = BuilderChecks.atLeast(ttl, Duration.ofMillis(300), "nodeLeaseTtl");
    return this;
  }

  /**
   * How often the lease is renewed and lapsed nodes swept. Default: a third of the lease, at most 1
   * s.
   */
  public RealtimeBuilder nodeHeartbeat(Duration every) {
    this.nodeHeartbeat = BuilderChecks.atLeast(every, Duration.ofMillis(50), "nodeHeartbeat");
    return this;
  }

  /** Who may message whom. Default: {@link ChatPolicy#standard(boolean)}. */
  public RealtimeBuilder chatPolicy(ChatPolicy policy) {
    this.chatPolicy = Objects.requireNonNull(policy, "chatPolicy");
    return this;
  }

  /**
   * Where conversations live. Default: a new in-memory repository (one node); the cluster engine
   * supplies Redis's.
   */
  public RealtimeBuilder conversations(ConversationRepository repository) {
    this.conversations = Objects.requireNonNull(repository, "conversations");
    return this;
  }

  /** Whether observers of a conversation may send messages and typing. Default false. */
  public RealtimeBuilder observersMaySend(boolean allowed) {
    this.observersMaySend = allowed;
    return this;
  }

  /**
   * The host's veto on conversation messages (moderation): a refusal reaches the sender as {@code
   * FORBIDDEN} with the reason, and nobody receives the message. Default: every message allowed.
   */
  public RealtimeBuilder conversationPolicy(ConversationPolicy policy) {
    this.conversationPolicy = Objects.requireNonNull(policy, "conversationPolicy");
    return this;
  }

  /**
   * Whether assignment changes conversation membership: an assigned commercial joins the visitor's
   * conversation as agent (one is opened when the visitor has none), an unassigned one (transfer,
   * release, offline) leaves it. Default true when assignment is on; set false when your
   * application manages conversations itself. Without assignment it has no effect.
   */
  public RealtimeBuilder conversationsFollowAssignment(boolean follow) {
    this.conversationsFollowAssignment = follow;
    return this;
  }

  /**
   * Builds an unstarted Realtime.
   *
   * @throws IllegalStateException when no token verifier was set
   */
  public Realtime build() {
    if (tokenVerifier == null) {
      throw new IllegalStateException(
          "a token verifier is required: tokenVerifier(JwtTokenVerifier.hmac(secret).build())");
    }
    if (nodeHeartbeat != null && nodeHeartbeat.compareTo(nodeLeaseTtl) >= 0) {
      throw new IllegalArgumentException("nodeHeartbeat must be shorter than nodeLeaseTtl");
    }
    return new Realtime(new RealtimeAssembly(this));
  }
}
