package io.realtimekit.infrastructure.memory;

import io.realtimekit.application.port.NodeLeases;
import io.realtimekit.domain.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Node leases in this process's memory: the default, for a single node (or nodes in one process, as
 * tests run them). What it knows is lost with the process, so a node with a durable repository
 * should use a durable {@link NodeLeases}, or a stable node id (its start-up sweep then finds what
 * its previous run left).
 */
public final class InMemoryNodeLeases implements NodeLeases {
  private final Clock clock;
  private final Map<NodeId, Instant> leaseUntil = new HashMap<>();
  private final Map<NodeId, Instant> sweepClaimUntil = new HashMap<>();
  private final Set<NodeId> known = new HashSet<>();

  /** Leases on the system clock. */
  public InMemoryNodeLeases() {
    this(Clock.systemUTC());
  }

  /** Leases on {@code clock} (tests pass a manual one). */
  public InMemoryNodeLeases(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Renewal renew(NodeId node, Duration ttl) {
    Objects.requireNonNull(node, "node");
    Instant now = clock.instant();
    boolean held = isHeld(node, now);
    leaseUntil.put(node, now.plus(positive(ttl)));
    known.add(node);
    sweepClaimUntil.remove(node);
    return held ? Renewal.CONTINUED : Renewal.TAKEN;
  }

  @Override
  public synchronized void release(NodeId node) {
    leaseUntil.remove(Objects.requireNonNull(node, "node"));
  }

  @Override
  public synchronized Set<NodeId> lapsed() {
    Instant now = clock.instant();
    Set<NodeId> out = new HashSet<>();
    for (NodeId node : known) {
      if (!isHeld(node, now)) {
        out.add(node);
      }
    }
    return Set.copyOf(out);
  }

  @Override
  public synchronized boolean claimSweep(NodeId node, NodeId sweeper, Duration ttl) {
    Objects.requireNonNull(sweeper, "sweeper");
    Instant now = clock.instant();
    if (!known.contains(node) || isHeld(node, now)) {
      return false;
    }
    Instant claim = sweepClaimUntil.get(node);
    if (claim != null && claim.isAfter(now)) {
      return false;
    }
    sweepClaimUntil.put(node, now.plus(positive(ttl)));
    return true;
  }

  @Override
  public synchronized void forget(NodeId node) {
    if (!isHeld(node, clock.instant())) {
      known.remove(node);
      leaseUntil.remove(node);
    }
    sweepClaimUntil.remove(node);
  }

  private boolean isHeld(NodeId node, Instant now) {
    Instant until = leaseUntil.get(node);
    return until != null && until.isAfter(now);
  }

  private static Duration positive(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    return ttl;
  }
}
