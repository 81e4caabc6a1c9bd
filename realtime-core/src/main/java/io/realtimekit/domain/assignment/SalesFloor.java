package io.realtimekit.domain.assignment;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The sales floor of one company, an aggregate root: the commercials online with their capacity
 * and visitors, and the queue of visitors waiting for one.
 *
 * <p>Invariants, kept by every method: a visitor is assigned to at most one commercial, or
 * queued, or neither; only online commercials (seated) have visitors; no commercial has more
 * visitors than its capacity; the queue holds each visitor once, in arrival order (visitors
 * whose commercial went offline go back to its front). Immutable: each method returns a {@link
 * Change} with the new floor and the events it caused, including a {@link VisitorQueued} for
 * every waiting visitor whose position changed.
 */
public final class SalesFloor {
  /** Reason of a {@link VisitorUnassigned}: the visitor went offline. */
  public static final String VISITOR_LEFT = "visitor-left";
  /** Reason of a {@link VisitorUnassigned}: the commercial went offline past its grace period. */
  public static final String COMMERCIAL_OFFLINE = "commercial-offline";
  /** Reason of a {@link VisitorUnassigned}: the visitor was moved to another commercial. */
  public static final String TRANSFERRED = "transferred";
  /** Reason of a {@link VisitorUnassigned}: the conversation was released by the host or the commercial. */
  public static final String RELEASED = "released";

  private final CompanyId companyId;
  private final Map<UserId, Seat> seats;
  private final Map<UserId, UserId> assignments;
  private final List<UserId> queue;
  private final long sequence;

  private SalesFloor(CompanyId companyId, Map<UserId, Seat> seats, Map<UserId, UserId> assignments,
      List<UserId> queue, long sequence) {
    this.companyId = companyId;
    this.seats = seats;
    this.assignments = assignments;
    this.queue = queue;
    this.sequence = sequence;
  }

  /** An empty floor: nobody online, nobody waiting. */
  public static SalesFloor empty(CompanyId companyId) {
    return new SalesFloor(Objects.requireNonNull(companyId, "companyId"), Map.of(), Map.of(), List.of(), 0);
  }

  /** The company. */
  public CompanyId companyId() {
    return companyId;
  }

  /** The seated (online) commercials, in the order they arrived. */
  public List<Seat> seats() {
    return List.copyOf(seats.values());
  }

  /** The seat of a commercial, when online. */
  public Optional<Seat> seat(UserId commercialId) {
    return Optional.ofNullable(seats.get(commercialId));
  }

  /** The commercial a visitor is assigned to, if any. */
  public Optional<UserId> assignmentOf(UserId visitorId) {
    return Optional.ofNullable(assignments.get(visitorId));
  }

  /** The waiting visitors, next to be served first. */
  public List<UserId> queue() {
    return queue;
  }

  /** A visitor's place in the queue (1-based), or empty when it is not waiting. */
  public Optional<Integer> positionOf(UserId visitorId) {
    int i = queue.indexOf(visitorId);
    return i < 0 ? Optional.empty() : Optional.of(i + 1);
  }

  /** True when nothing is on the floor (it can be forgotten). */
  public boolean isEmpty() {
    return seats.isEmpty() && assignments.isEmpty() && queue.isEmpty();
  }

  /**
   * A visitor arrived (came online): assigned at once when the policy picks a commercial with
   * room, queued otherwise. No change when it is already assigned or waiting.
   */
  public Change visitorArrived(UserId visitorId, AssignmentPolicy policy, Instant at) {
    Draft d = new Draft(at);
    if (!d.assignments.containsKey(visitorId) && !d.queue.contains(visitorId)) {
      d.queue.add(visitorId);
      d.drain(policy);
    }
    return d.finish();
  }

  /** A visitor went offline: leaves the queue or frees its commercial, who takes the next in line. */
  public Change visitorLeft(UserId visitorId, AssignmentPolicy policy, Instant at) {
    Draft d = new Draft(at);
    d.queue.remove(visitorId);
    d.unassign(visitorId, VISITOR_LEFT);
    d.drain(policy);
    return d.finish();
  }

  /**
   * A commercial is online with {@code capacity}: seated (or its capacity updated) and given
   * waiting visitors as the policy decides.
   */
  public Change commercialAvailable(UserId commercialId, int capacity, AssignmentPolicy policy, Instant at) {
    Draft d = new Draft(at);
    Seat current = d.seats.get(commercialId);
    if (current == null) {
      d.seq++;
      d.seats.put(commercialId, new Seat(commercialId, capacity, List.of(), 0, d.seq));
    } else if (current.capacity() != capacity) {
      d.seats.put(commercialId, new Seat(commercialId, capacity, current.visitors(),
          current.lastAssignedSequence(), current.joinedSequence()));
    }
    d.drain(policy);
    return d.finish();
  }

  /**
   * A commercial went offline past its grace period: unseated; its visitors go to other
   * commercials or back to the front of the queue, oldest first.
   */
  public Change commercialGone(UserId commercialId, AssignmentPolicy policy, Instant at) {
    Draft d = new Draft(at);
    Seat seat = d.seats.remove(commercialId);
    if (seat != null) {
      List<UserId> orphans = seat.visitors();
      for (UserId v : orphans) {
        d.assignments.remove(v);
        d.events.add(new VisitorUnassigned(EventIds.next(), at, companyId, v, commercialId, COMMERCIAL_OFFLINE));
      }
      d.queue.addAll(0, orphans);
      d.drain(policy);
    }
    return d.finish();
  }

  /**
   * Assigns a visitor to a chosen commercial: a claim (offer-to-all), a manual assignment or a
   * transfer. The visitor leaves the queue or its previous commercial.
   *
   * @return the change, or a failure when the commercial is offline ({@code USER_NOT_CONNECTED}),
   *     full ({@code CONFLICT}), or the visitor is neither waiting nor assigned ({@code
   *     INVALID_ARGUMENT})
   */
  public Result<Change> assign(UserId visitorId, UserId commercialId, AssignmentPolicy policy, Instant at) {
    Draft d = new Draft(at);
    Seat seat = d.seats.get(commercialId);
    if (seat == null) {
      return Result.failure(ErrorCode.USER_NOT_CONNECTED, "commercial " + commercialId + " is not available");
    }
    UserId previous = d.assignments.get(visitorId);
    if (commercialId.equals(previous)) {
      return Result.ok(d.finish());
    }
    if (previous == null && !d.queue.contains(visitorId)) {
      return Result.failure(ErrorCode.INVALID_ARGUMENT, "visitor " + visitorId + " is not waiting for a commercial");
    }
    if (!seat.hasRoom()) {
      return Result.failure(ErrorCode.CONFLICT, "commercial " + commercialId + " has no room");
    }
    d.queue.remove(visitorId);
    if (previous != null) {
      d.unassign(visitorId, TRANSFERRED);
    }
    d.assign(visitorId, commercialId);
    d.drain(policy);
    return Result.ok(d.finish());
  }

  /**
   * Ends a visitor's assignment (the conversation is over): the visitor is neither assigned nor
   * queued afterwards, and its commercial takes the next in line.
   *
   * @return the change, or {@code INVALID_ARGUMENT} when the visitor is not assigned
   */
  public Result<Change> release(UserId visitorId, AssignmentPolicy policy, Instant at) {
    Draft d = new Draft(at);
    if (!d.assignments.containsKey(visitorId)) {
      return Result.failure(ErrorCode.INVALID_ARGUMENT, "visitor " + visitorId + " is not assigned");
    }
    d.unassign(visitorId, RELEASED);
    d.drain(policy);
    return Result.ok(d.finish());
  }

  /** A plain-data copy, for repositories that store documents. */
  public Primitives toPrimitives() {
    List<Primitives.SeatPrimitives> list = new ArrayList<>(seats.size());
    for (Seat s : seats.values()) {
      list.add(new Primitives.SeatPrimitives(s.commercialId().value(), s.capacity(),
          s.visitors().stream().map(UserId::value).toList(), s.lastAssignedSequence(), s.joinedSequence()));
    }
    return new Primitives(companyId.toString(), list, queue.stream().map(UserId::value).toList(), sequence);
  }

  /**
   * Rebuilds a floor from {@link #toPrimitives()}; values and invariants are checked again.
   *
   * @throws DomainException when a value is of the wrong shape, or a visitor is seated twice or
   *     both seated and queued, or a seat is over capacity
   */
  public static SalesFloor fromPrimitives(Primitives p) {
    Objects.requireNonNull(p, "primitives");
    LinkedHashMap<UserId, Seat> seats = new LinkedHashMap<>();
    HashMap<UserId, UserId> assignments = new HashMap<>();
    for (Primitives.SeatPrimitives sp : p.seats()) {
      UserId commercial = UserId.of(sp.commercialId());
      List<UserId> visitors = sp.visitors().stream().map(UserId::of).toList();
      if (visitors.size() > sp.capacity()) {
        throw DomainException.invalid("seat " + commercial + " is over capacity");
      }
      for (UserId v : visitors) {
        if (assignments.put(v, commercial) != null) {
          throw DomainException.invalid("visitor " + v + " is assigned twice");
        }
      }
      if (seats.put(commercial, new Seat(commercial, sp.capacity(), visitors, sp.lastAssignedSequence(),
          sp.joinedSequence())) != null) {
        throw DomainException.invalid("commercial " + commercial + " is seated twice");
      }
    }
    List<UserId> queue = p.queue().stream().map(UserId::of).toList();
    if (new HashSet<>(queue).size() != queue.size() || queue.stream().anyMatch(assignments::containsKey)) {
      throw DomainException.invalid("a queued visitor is queued twice or also assigned");
    }
    return new SalesFloor(CompanyId.of(p.companyId()), Collections.unmodifiableMap(seats), Map.copyOf(assignments),
        queue, p.sequence());
  }

  /**
   * Plain data of a {@link SalesFloor}.
   *
   * @param companyId the company UUID
   * @param seats the seated commercials, in arrival order
   * @param queue the waiting visitors, next first
   * @param sequence the floor's assignment counter
   */
  public record Primitives(String companyId, List<SeatPrimitives> seats, List<String> queue, long sequence) {
    /** Copies the lists. */
    public Primitives {
      seats = List.copyOf(seats);
      queue = List.copyOf(queue);
    }

    /**
     * Plain data of one {@link Seat}.
     *
     * @param commercialId the commercial
     * @param capacity its capacity
     * @param visitors its visitors, oldest first
     * @param lastAssignedSequence see {@link Seat#lastAssignedSequence()}
     * @param joinedSequence see {@link Seat#joinedSequence()}
     */
    public record SeatPrimitives(String commercialId, int capacity, List<String> visitors, long lastAssignedSequence,
        long joinedSequence) {
      /** Copies the list. */
      public SeatPrimitives {
        visitors = List.copyOf(visitors);
      }
    }
  }

  /** The mutable working copy of one change; frozen by {@link #finish()}. */
  private final class Draft {
    final Instant at;
    final LinkedHashMap<UserId, Seat> seats = new LinkedHashMap<>(SalesFloor.this.seats);
    final HashMap<UserId, UserId> assignments = new HashMap<>(SalesFloor.this.assignments);
    final ArrayList<UserId> queue = new ArrayList<>(SalesFloor.this.queue);
    final List<DomainEvent> events = new ArrayList<>();
    long seq = sequence;

    Draft(Instant at) {
      this.at = at;
    }

    void assign(UserId visitor, UserId commercial) {
      Seat s = seats.get(commercial);
      List<UserId> visitors = new ArrayList<>(s.visitors());
      visitors.add(visitor);
      seq++;
      seats.put(commercial, new Seat(commercial, s.capacity(), visitors, seq, s.joinedSequence()));
      assignments.put(visitor, commercial);
      events.add(new VisitorAssigned(EventIds.next(), at, companyId, visitor, commercial));
    }

    void unassign(UserId visitor, String reason) {
      UserId commercial = assignments.remove(visitor);
      if (commercial == null) {
        return;
      }
      Seat s = seats.get(commercial);
      if (s != null) {
        List<UserId> visitors = new ArrayList<>(s.visitors());
        visitors.remove(visitor);
        seats.put(commercial, new Seat(commercial, s.capacity(), visitors, s.lastAssignedSequence(), s.joinedSequence()));
      }
      events.add(new VisitorUnassigned(EventIds.next(), at, companyId, visitor, commercial, reason));
    }

    /** Serves the queue from its head while the policy picks a commercial with room. */
    void drain(AssignmentPolicy policy) {
      while (!queue.isEmpty()) {
        List<Seat> candidates = seats.values().stream().filter(Seat::hasRoom).toList();
        if (candidates.isEmpty()) {
          return;
        }
        UserId head = queue.get(0);
        Optional<UserId> chosen = policy.choose(head, candidates);
        if (chosen.isEmpty()) {
          return;
        }
        Seat seat = seats.get(chosen.get());
        if (seat == null || !seat.hasRoom()) {
          throw new IllegalStateException("policy " + policy.name() + " chose a commercial that is not a candidate");
        }
        queue.remove(0);
        assign(head, chosen.get());
      }
    }

    Change finish() {
      List<UserId> before = SalesFloor.this.queue;
      for (int i = 0; i < queue.size(); i++) {
        UserId v = queue.get(i);
        if (before.indexOf(v) != i) {
          events.add(new VisitorQueued(EventIds.next(), at, companyId, v, i + 1));
        }
      }
      if (events.isEmpty() && seq == sequence && seats.equals(SalesFloor.this.seats)
          && queue.equals(SalesFloor.this.queue) && assignments.equals(SalesFloor.this.assignments)) {
        return new Change(SalesFloor.this, List.of());
      }
      SalesFloor next = new SalesFloor(companyId, Collections.unmodifiableMap(new LinkedHashMap<>(seats)),
          Map.copyOf(assignments), List.copyOf(queue), seq);
      return new Change(next, events);
    }
  }

  /**
   * The result of a change to the floor.
   *
   * @param floor the floor after it
   * @param events what happened, in order
   */
  public record Change(SalesFloor floor, List<DomainEvent> events) {
    /** Copies the events. */
    public Change {
      Objects.requireNonNull(floor, "floor");
      events = List.copyOf(events);
    }
  }
}
