package io.realtimekit.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.realtimekit.Realtime;
import io.realtimekit.RealtimeBuilder;
import io.realtimekit.application.connection.ConfirmUserOffline;
import io.realtimekit.application.port.HealthCheck;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster engine: many {@link Realtime} nodes, one real-time context, through one Redis.
 *
 * <pre>{@code
 * RedisClusterEngine cluster = RedisClusterEngine.builder()
 *     .redisUri("redis://127.0.0.1:6379").nodeId(NodeId.of("node-a")).build();
 * Realtime realtime = cluster.configure(Realtime.builder().tokenVerifier(verifier)).build();
 * cluster.start(realtime);
 * realtime.start();
 * // ...
 * cluster.close(); // closes the Realtime too, then every Redis connection and thread
 * }</pre>
 *
 * <p>On a Redis Cluster, give seeds in a {@code redis-cluster://} URI, e.g. {@code
 * redis-cluster://10.0.0.1:7000,10.0.0.2:7000}: every script touches one hash slot (see the key
 * layout in {@code Keys}), and cross-node delivery uses sharded pub/sub ({@code SPUBLISH}/{@code
 * SSUBSCRIBE}, Redis 7.0 or later).
 *
 * <p>{@link #configure} plugs in the shared repository ({@link RedisConnectionRepository}), the
 * cross-node delivery, the shared sales floors ({@link RedisSalesFloorRepository}), the users'
 * event streams ({@link RedisUserEventStreams}, used when recovery is on), the offline inboxes
 * ({@link RedisOfflineInbox}, used with the {@code keep} offline policy), the node id, and the node
 * leases ({@link RedisNodeLeases}) on which the {@link Realtime} keeps its lease and sweeps dead
 * nodes. {@link #start} starts one thread that, every {@code heartbeat}, re-registers the node
 * after a Redis outage or a lost lease, and forwards the Socket.IO long-polling requests of another
 * node's sessions to it ({@link RedisPollForwarding}: no sticky sessions needed).
 */
public final class RedisClusterEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisClusterEngine.class);

  private final NodeId nodeId;
  private final Duration leaseTtl;
  private final Duration heartbeat;
  private final Keys keys;
  private final ClientResources resources;
  private final RedisConnector redis;
  private final RedisAccess connection;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final RedisConnectionRepository repository;
  private final RedisSalesFloorRepository floors;
  private volatile RedisDelivery delivery;
  private volatile Realtime realtime;
  private final RedisNodeLeases leases;
  private volatile NodeResync resync;
  private RedisPollForwarding polls;
  private ScheduledExecutorService timer;
  private boolean closed;
  private final RedisDeliveredMessages deliveredMessages;
  private final RedisConversationRepository conversations;

  private RedisClusterEngine(Builder b) {
    this.nodeId = b.nodeId == null ? NodeId.random() : b.nodeId;
    this.leaseTtl = b.leaseTtl;
    this.heartbeat =
        b.heartbeat != null
            ? b.heartbeat
            : Duration.ofMillis(Math.max(100, Math.min(1_000, leaseTtl.toMillis() / 3)));
    this.keys = new Keys(b.keyPrefix);
    this.resources =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    try {
      this.redis = RedisConnector.open(b.redisUri, resources, b.commandTimeout);
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
    this.connection = redis.access();
    this.pubsub = redis.pubsub();
    this.repository = new RedisConnectionRepository(connection, keys.prefix(), nodeId);
    this.floors = new RedisSalesFloorRepository(connection, keys.prefix());
    this.deliveredMessages = new RedisDeliveredMessages(connection, keys, b.deliveredMessageTtl);
    this.leases = new RedisNodeLeases(connection.sync(), keys.prefix());
    this.conversations = new RedisConversationRepository(connection, keys.prefix());
  }

  /** A builder; {@link Builder#redisUri} is the one required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** This node's id. */
  public NodeId nodeId() {
    return nodeId;
  }

  /** The shared repository of users. */
  public RedisConnectionRepository repository() {
    return repository;
  }

  /** The shared sales floors. */
  public RedisSalesFloorRepository salesFloors() {
    return floors;
  }

  /** The shared conversations. */
  public RedisConversationRepository conversations() {
    return conversations;
  }

  /**
   * Sets the node id, repository, delivery, sales floors, conversations and node leases (with this
   * engine's lease TTL and heartbeat) of {@code builder}; returns it.
   */
  public RealtimeBuilder configure(RealtimeBuilder builder) {
    return builder
        .nodeId(nodeId)
        .repository(repository)
        .salesFloors(floors)
        .deliveredMessages(deliveredMessages)
        .conversations(conversations)
        .nodeLeases(leases)
        .nodeLeaseTtl(leaseTtl)
        .nodeHeartbeat(heartbeat)
        .healthCheck("redis", this::checkRedis)
        // the repository is remote: the chat's hot path reuses users read in the last 2 s
        .knownUserTtl(Duration.ofSeconds(2))
        // users' event streams (recovery) are shared: a user recovers on whatever node it
        // reconnects to
        .userEventStreams(
            limits ->
                new RedisUserEventStreams(
                    connection,
                    keys,
                    limits,
                    Clock.systemUTC(),
                    RedisUserEventStreams.DEFAULT_IDLE_RETENTION))
        // offline inboxes (with the keep offline policy) are shared: kept on one node, handed over
        // on any
        .offlineInbox(limits -> new RedisOfflineInbox(connection, keys, limits, Clock.systemUTC()))
        .delivery(
            registry -> {
              RedisDelivery d =
                  new RedisDelivery(registry, connection.sync(), pubsub, keys, nodeId);
              repository.listener(d);
              this.delivery = d;
              return d;
            });
  }

  /**
   * Up when Redis answers within the command timeout: a PING on a standalone Redis; on a Redis
   * Cluster a read on the master of the registry (a PING goes to one node, maybe a dead master).
   */
  private HealthCheck.Status checkRedis() {
    try {
      if (connection.cluster()) {
        connection.sync().exists(keys.nodes());
        return HealthCheck.Status.ok();
      }
      return "PONG".equals(connection.sync().ping())
          ? HealthCheck.Status.ok()
          : HealthCheck.Status.down("Redis answered no PONG");
    } catch (RedisException e) {
      return HealthCheck.Status.down("Redis unreachable");
    }
  }

  /**
   * Starts the thread that re-registers this node after a Redis outage. The lease and the sweep of
   * dead nodes run in the {@link Realtime} itself, from {@link Realtime#start()}.
   *
   * @param realtime built from {@link #configure}
   * @throws IllegalStateException when {@code realtime} was not configured by this engine
   */
  public synchronized RedisClusterEngine start(Realtime realtime) {
    if (closed) {
      throw new IllegalStateException("this engine is closed");
    }
    if (delivery == null
        || !realtime.nodeId().equals(nodeId)
        || realtime.repository() != repository) {
      throw new IllegalStateException(
          "build the Realtime with cluster.configure(Realtime.builder())");
    }
    if (resync != null) {
      return this;
    }
    this.realtime = realtime;
    // Socket.IO long-polling without sticky sessions: requests for another node's session go there
    polls = new RedisPollForwarding(connection, redis.openPubSub(), keys.prefix(), nodeId);
    realtime.socketIoTransport().forwardVia(polls);
    resync =
        new NodeResync(
            connection.sync(),
            nodeId,
            keys.prefix(),
            leases,
            repository,
            delivery,
            realtime.commands());
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "realtime-resync-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            redis.warmUp(false);
          } catch (RuntimeException e) {
            log.debug("cannot open the connections to the masters now: {}", e.getMessage());
          }
          resync.tick();
        },
        heartbeat.toMillis(),
        heartbeat.toMillis(),
        TimeUnit.MILLISECONDS);
    log.info(
        "cluster node {} started (lease {} ms, heartbeat {} ms)",
        nodeId,
        leaseTtl.toMillis(),
        heartbeat.toMillis());
    return this;
  }

  /**
   * Stops this node cleanly: closes the Realtime (its sockets get 1001), announces offline at once
   * the users that had no socket left elsewhere (their grace period cannot run on a stopped node),
   * gives the lease up, and releases every Redis connection and thread. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Realtime rt = realtime;
    if (rt != null) {
      List<ConnectionUser> held = List.copyOf(repository.localUsers());
      rt.close();
      for (ConnectionUser u : held) {
        rt.commands().send(new ConfirmUserOffline(u.userId()));
      }
    }
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (polls != null) {
      polls.close();
    }
    redis.close();
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    log.info("cluster node {} stopped", nodeId);
  }

  /** Configures a {@link RedisClusterEngine}. */
  public static final class Builder {
    private String redisUri;
    private NodeId nodeId;
    private Duration leaseTtl = Duration.ofSeconds(5);
    private Duration heartbeat;
    private Duration commandTimeout = Duration.ofSeconds(2);
    private String keyPrefix = Keys.DEFAULT_PREFIX;
    private Duration deliveredMessageTtl = Duration.ofHours(24);

    private Builder() {}

    /** How long a delivered chat message can still be acknowledged (read receipt). Default 24 h. */
    public Builder deliveredMessageTtl(Duration ttl) {
      if (ttl == null || ttl.toSeconds() < 1) {
        throw new IllegalArgumentException("deliveredMessageTtl must be at least 1 s");
      }
      this.deliveredMessageTtl = ttl;
      return this;
    }

    /**
     * Required: where Redis is, e.g. {@code redis://127.0.0.1:6379} (or the {@code REDIS_URL}
     * variable); for a Redis Cluster, {@code redis-cluster://} and some of its nodes, separated by
     * commas, e.g. {@code redis-cluster://10.0.0.1:7000,10.0.0.2:7000} ({@code rediss-cluster://}
     * with TLS).
     */
    public Builder redisUri(String uri) {
      this.redisUri = Objects.requireNonNull(uri, "redisUri");
      return this;
    }

    /** This node's id, unique in the cluster. Default: {@code node-} and 8 random hex digits. */
    public Builder nodeId(NodeId id) {
      this.nodeId = Objects.requireNonNull(id, "nodeId");
      return this;
    }

    /**
     * How long a node's lease lives without refresh: a killed node's sockets are swept within it,
     * plus one heartbeat, plus the grace period for {@code UserDisconnected}. Default 5 s; at least
     * 300 ms.
     */
    public Builder leaseTtl(Duration ttl) {
      if (ttl == null || ttl.toMillis() < 300) {
        throw new IllegalArgumentException("leaseTtl must be at least 300 ms");
      }
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * How often the lease is refreshed and dead nodes looked for. Default: a third of the lease, at
     * most 1 s.
     */
    public Builder heartbeat(Duration every) {
      if (every == null || every.toMillis() < 50) {
        throw new IllegalArgumentException("heartbeat must be at least 50 ms");
      }
      this.heartbeat = every;
      return this;
    }

    /** How long one Redis command may take before it fails. Default 2 s. */
    public Builder commandTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("commandTimeout must be positive");
      }
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * The prefix of every key and channel, to share one Redis between clusters. Default {@code
     * rtk:}.
     */
    public Builder keyPrefix(String prefix) {
      if (prefix == null || prefix.isBlank()) {
        throw new IllegalArgumentException("keyPrefix must not be blank");
      }
      new Keys(prefix); // no braces: they would break the hash tags
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * Connects to Redis and builds the engine.
     *
     * @throws IllegalStateException when no URI was set
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public RedisClusterEngine build() {
      if (redisUri == null) {
        throw new IllegalStateException("redisUri is required, e.g. redis://127.0.0.1:6379");
      }
      if (heartbeat != null && heartbeat.compareTo(leaseTtl) >= 0) {
        throw new IllegalArgumentException("heartbeat must be shorter than leaseTtl");
      }
      return new RedisClusterEngine(this);
    }
  }
}
