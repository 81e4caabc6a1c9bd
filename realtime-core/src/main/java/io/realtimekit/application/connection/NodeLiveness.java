package io.realtimekit.application.connection;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.domain.Connection;
import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's lease and sweeps the nodes that died, for any repository and lease store.
 *
 * <p>At {@link #start}, before the node serves: takes the lease, then sweeps what an earlier run of
 * this same node id left in the repository (its connections on this node opened before this start;
 * when the store cannot be reached then, on a later heartbeat, never touching this run's own
 * sockets). Then, every heartbeat on its own thread: renews the lease and, for each lapsed node
 * whose sweep it claims, sends one {@link DisconnectNode} per user that node held: the connections
 * are closed in the repository, and after the grace period the atomic offline check raises {@code
 * UserDisconnected} once. So a ghost outlives a dead node by at most lease + heartbeat + grace
 * period.
 *
 * <p>A store that cannot be reached fails one tick (logged once per outage); the next tick tries
 * again, so recovery needs no restart.
 */
public final class NodeLiveness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

  private final NodeId me;
  private final NodeLeases leases;
  private final ConnectionRepository repository;
  private final CommandBus commands;
  private final Duration ttl;
  private final Duration heartbeat;
  private final Clock clock;
  private ScheduledExecutorService timer;
  private Instant startedAt;
  private volatile boolean leftoversSwept;
  private boolean failing;

  /**
   * A liveness keeper, not started.
   *
   * @param me this node
   * @param leases the lease store shared with the other nodes of the repository
   * @param repository the users, for the sweep
   * @param commands where {@link DisconnectNode} is sent
   * @param ttl how long a lease lives without renewal
   * @param heartbeat how often the lease is renewed and lapsed nodes looked for; shorter than
   *     {@code ttl}
   * @param clock the clock connections are opened by, to tell this run's sockets from leftovers
   */
  public NodeLiveness(
      NodeId me,
      NodeLeases leases,
      ConnectionRepository repository,
      CommandBus commands,
      Duration ttl,
      Duration heartbeat,
      Clock clock) {
    this.me = Objects.requireNonNull(me, "me");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (heartbeat.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException("the heartbeat must be shorter than the lease");
    }
  }

  /**
   * Takes the lease, sweeps this node id's leftovers, and starts the heartbeat thread. Call it
   * before the node accepts sockets.
   */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    startedAt = clock.instant();
    try {
      leases.renew(me, ttl);
      sweepLeftovers();
    } catch (RuntimeException e) {
      failing = true;
      log.warn(
          "node {}: lease store unreachable at start ({}); retrying every heartbeat",
          me,
          e.toString());
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "realtime-liveness-" + me);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::tick, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One heartbeat: renew, then sweep every lapsed node this node claims. Never throws. */
  void tick() {
    try {
      if (leases.renew(me, ttl) == NodeLeases.Renewal.TAKEN) {
        log.warn("node {}: its lease had lapsed; other nodes may have swept its users", me);
      }
      if (failing) {
        log.info("node {}: lease store reachable again", me);
        failing = false;
      }
      if (!leftoversSwept) {
        sweepLeftovers();
      }
      for (NodeId node : leases.lapsed()) {
        if (!node.equals(me) && leases.claimSweep(node, me, ttl.multipliedBy(2))) {
          sweep(node);
        }
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("node {}: lease tick failed ({}); retrying every heartbeat", me, e.toString());
      }
      failing = true;
    }
  }

  /** Closes, one by one, the connections on this node id that a previous run left. */
  private void sweepLeftovers() {
    List<ConnectionUser> users = repository.findConnectedOn(me);
    int swept = 0;
    for (ConnectionUser user : users) {
      for (Connection c : user.connections()) {
        if (c.nodeId().equals(me) && !c.openedAt().isAfter(startedAt)) {
          commands.send(new DisconnectUser(user.userId(), c.id()));
          swept++;
        }
      }
    }
    if (swept > 0) {
      log.info("node {} closed {} connections its previous run left", me, swept);
    }
    leftoversSwept = true;
  }

  /** Closes every connection a lapsed node held, then forgets the node. */
  private void sweep(NodeId node) {
    List<ConnectionUser> users = repository.findConnectedOn(node);
    if (!users.isEmpty()) {
      log.info("node {} sweeps {} users left by node {}", me, users.size(), node);
    }
    for (ConnectionUser user : users) {
      commands.send(new DisconnectNode(user.userId(), node));
    }
    if (repository.findConnectedOn(node).isEmpty()) {
      leases.forget(node);
    }
  }

  /** Stops the heartbeat thread and gives the lease up. Idempotent. */
  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer = null;
    try {
      leases.release(me);
    } catch (RuntimeException e) {
      log.debug("node {}: lease left to expire ({})", me, e.toString());
    }
  }
}
