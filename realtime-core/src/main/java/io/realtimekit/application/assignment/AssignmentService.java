package io.realtimekit.application.assignment;

import io.realtimekit.application.bus.CommandBus;
import io.realtimekit.application.bus.EventBus;
import io.realtimekit.application.bus.QueryBus;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.assignment.AssignmentPolicy;
import io.realtimekit.domain.assignment.SalesFloor;
import io.realtimekit.domain.assignment.SalesFloorRepository;
import io.realtimekit.domain.event.CommercialDisconnected;
import io.realtimekit.domain.event.ConnectionOpened;
import io.realtimekit.domain.event.UserConnected;
import io.realtimekit.domain.event.UserDisconnected;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs presence-aware assignment: reacts to presence events (a visitor online is assigned or
 * queued, an offline one leaves; a commercial online is seated with its capacity, one offline past
 * its grace period releases its visitors), and handles {@link AssignVisitor}, {@link
 * ReleaseVisitor} and the assignment queries.
 *
 * <p>Every change to a company's floor is one atomic {@link SalesFloorRepository#update} (atomic
 * across nodes with a shared store) followed by the publication of its events, under this node's
 * lock of the company, so concurrent connects and disconnects cannot assign a visitor twice or
 * overfill a commercial; this node's events are published in the order the floor changed.
 */
final class AssignmentService {
  /** The token claim holding a commercial's capacity. */
  public static final String CAPACITY_CLAIM = "maxChats";

  private final SalesFloorRepository floors;
  private final EventBus events;
  private final AssignmentPolicy policy;
  private final int defaultCapacity;
  private final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[64];

  /**
   * @param floors where floors live
   * @param events where assignment events go, and where presence events come from
   * @param policy chooses commercials
   * @param defaultCapacity visitors per commercial when its token has no {@value #CAPACITY_CLAIM}
   * @param clock stamps events
   */
  AssignmentService(SalesFloorRepository floors, EventBus events, AssignmentPolicy policy, int defaultCapacity,
      Clock clock) {
    if (defaultCapacity < 1) {
      throw new IllegalArgumentException("default capacity must be at least 1");
    }
    this.floors = floors;
    this.events = events;
    this.policy = policy;
    this.defaultCapacity = defaultCapacity;
    this.clock = clock;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The policy in force. */
  AssignmentPolicy policy() {
    return policy;
  }

  /** Registers the commands, queries and presence reactions. */
  Registration registerOn(CommandBus commands, QueryBus queries) {
    List<Registration> regs = List.of(
        commands.register(AssignVisitor.class, c -> changeOrFail(c.companyId(),
            f -> f.assign(c.visitorId(), c.commercialId(), policy, clock.instant()))),
        commands.register(ReleaseVisitor.class, c -> changeOrFail(c.companyId(),
            f -> f.release(c.visitorId(), policy, clock.instant()))),
        queries.register(GetAssignment.class, q -> floors.load(q.companyId()).assignmentOf(q.visitorId())),
        queries.register(GetCommercialLoad.class, q -> floors.load(q.companyId()).seat(q.commercialId())),
        queries.register(GetQueue.class, q -> floors.load(q.companyId()).queue()),
        events.subscribe(UserConnected.class, e -> {
          if (Role.isOnlyVisitor(e.roles())) {
            change(e.companyId(), f -> f.visitorArrived(e.userId(), policy, clock.instant()));
          }
        }),
        events.subscribe(UserDisconnected.class, e -> {
          if (Role.isOnlyVisitor(e.roles())) {
            change(e.companyId(), f -> f.visitorLeft(e.userId(), policy, clock.instant()));
          }
        }),
        events.subscribe(ConnectionOpened.class, e -> {
          if (e.roles().contains(Role.COMMERCIAL)) {
            int capacity = capacityOf(e.claims());
            change(e.companyId(), f -> f.commercialAvailable(e.userId(), capacity, policy, clock.instant()));
          }
        }),
        events.subscribe(CommercialDisconnected.class,
            e -> change(e.companyId(), f -> f.commercialGone(e.userId(), policy, clock.instant()))));
    return () -> regs.forEach(Registration::close);
  }

  /** The commercial a visitor is assigned to, if any (for the chat policy). */
  Optional<UserId> assignmentOf(CompanyId companyId, UserId visitorId) {
    return floors.load(companyId).assignmentOf(visitorId);
  }

  private int capacityOf(Map<String, Object> claims) {
    Object v = claims.get(CAPACITY_CLAIM);
    if (v instanceof Number n && n.longValue() >= 1 && n.longValue() <= 1_000) {
      return n.intValue();
    }
    return defaultCapacity;
  }

  private void change(CompanyId companyId, Function<SalesFloor, SalesFloor.Change> action) {
    changeOrFail(companyId, f -> Result.ok(action.apply(f)));
  }

  private Result<SalesFloor> changeOrFail(CompanyId companyId, Function<SalesFloor, Result<SalesFloor.Change>> action) {
    ReentrantLock lock = locks[Math.floorMod(companyId.hashCode(), locks.length)];
    lock.lock();
    try {
      // atomic in the store (across nodes too); the node-local lock keeps this node's events in order
      Result<SalesFloor.Change> result = floors.update(companyId, action);
      if (!result.isOk()) {
        return Result.failure(result.failure());
      }
      events.publishAll(result.value().events());
      return Result.ok(result.value().floor());
    } finally {
      lock.unlock();
    }
  }
}
