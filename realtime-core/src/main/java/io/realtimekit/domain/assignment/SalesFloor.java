package io.realtimekit.domain.assignment;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sales floor of one company, an aggregate root: the commercials online with their capacity and
 * visitors, and the queue of visitors waiting for one.
 *
 * <p>Invariants, kept by every method: a visitor is assigned to at most one commercial, or queued,
 * or neither; only online commercials (seated) have visitors; no commercial has more visitors than
 * its capacity; the queue holds each visitor once, in arrival order (visitors whose commercial went
 * offline go back to its front). Immutable: each method returns a {@link Change} with the new floor
 * and the events it caused, including a {@link VisitorQueued} for every visitor that joined the
 * queue.
 *
 * <p>Big companies: the queue is a persistent {@link WaitingQueue} (ranked trees: an arrival
 * sequence number per waiting visitor, ordered with subtree sizes), so arrival, departure, claim,
 * head removal and {@link #positionOf} take O(log n) and share structure with the previous floor
 * instead of copying it; the floor stays immutable from the outside. Each change is worked out on a
 * {@link SalesFloorDraft} and frozen into a new floor. A change never emits one event per waiting
 * visitor: it flags {@link Change#queueMoved()} instead, and whoever announces positions reads them
 * when it announces.
 */
public final class SalesFloor {
  /** Reason of a {@link VisitorUnassigned}: the visitor went offline. */
  public static final String VISITOR_LEFT = "visitor-left";

  /** Reason of a {@link VisitorUnassigned}: the commercial went offline past its grace period. */
  public static final String COMMERCIAL_OFFLINE = "commercial-offline";

  /** Reason of a {@link VisitorUnassigned}: the visitor was moved to another commercial. */
  public static final String TRANSFERRED = "transferred";

  /**
   * Reason of a {@link VisitorUnassigned}: the conversation was released by the host or the
   * commercial.
   */
  public static final String RELEASED = "released";

  private final CompanyId companyId;
  private final Map<UserId, Seat> seats;

  /** visitor id -> its commercial. */
  private final RankedTree<String, UserId> assignments;

  /** The visitors waiting, next first. */
  private final WaitingQueue queue;

  private final long sequence;

  SalesFloor(
      CompanyId companyId,
      Map<UserId, Seat> seats,
      RankedTree<String, UserId> assignments,
      WaitingQueue queue,
      long sequence) {
    this.companyId = companyId;
    this.seats = seats;
    this.assignments = assignments;
    this.queue = queue;
    this.sequence = sequence;
  }

  /** An empty floor: nobody online, nobody waiting. */
  public static SalesFloor empty(CompanyId companyId) {
    return new SalesFloor(
        Objects.requireNonNull(companyId, "companyId"),
        Map.of(),
        RankedTree.empty(),
        WaitingQueue.empty(),
        0);
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

  /** The commercial a visitor is assigned to, if any. O(log n). */
  public Optional<UserId> assignmentOf(UserId visitorId) {
    return Optional.ofNullable(assignments.get(visitorId.value()));
  }

  /**
   * The waiting visitors, next to be served first (a copy: O(n); prefer {@link #queue(int, int)}).
   */
  public List<UserId> queue() {
    return queue.page(0, queue.size());
  }

  /**
   * A page of the queue: at most {@code limit} waiting visitors from 0-based index {@code from}
   * (position {@code from + 1}), next to be served first. O(log n + limit).
   */
  public List<UserId> queue(int from, int limit) {
    if (from < 0 || limit < 0) {
      throw new IllegalArgumentException("from and limit must not be negative");
    }
    return queue.page(from, limit);
  }

  /** How many visitors wait. */
  public int queueLength() {
    return queue.size();
  }

  /** A visitor's place in the queue (1-based), or empty when it is not waiting. O(log n). */
  public Optional<Integer> positionOf(UserId visitorId) {
    int i = queue.indexOf(visitorId);
    return i < 0 ? Optional.empty() : Optional.of(i + 1);
  }

  /** True when nothing is on the floor (it can be forgotten). */
  public boolean isEmpty() {
    return seats.isEmpty() && assignments.isEmpty() && queue.isEmpty();
  }

  /**
   * A visitor arrived (came online): assigned at once when the policy picks a commercial with room,
   * queued otherwise. No change when it is already assigned or waiting.
   */
  public Change visitorArrived(UserId visitorId, AssignmentPolicy policy, Instant at) {
    SalesFloorDraft d = draft(at);
    if (!d.assignments.containsKey(visitorId.value()) && !d.isQueued(visitorId)) {
      d.enqueue(visitorId);
      d.drain(policy);
    }
    return d.finish();
  }

  /**
   * A visitor went offline: leaves the queue or frees its commercial, who takes the next in line.
   */
  public Change visitorLeft(UserId visitorId, AssignmentPolicy policy, Instant at) {
    SalesFloorDraft d = draft(at);
    d.dequeue(visitorId);
    d.unassign(visitorId, VISITOR_LEFT);
    d.drain(policy);
    return d.finish();
  }

  /**
   * A commercial is online with {@code capacity}: seated (or its capacity updated, never below the
   * visitors it has) and given waiting visitors as the policy decides.
   */
  public Change commercialAvailable(
      UserId commercialId, int capacity, AssignmentPolicy policy, Instant at) {
    SalesFloorDraft d = draft(at);
    Seat current = d.seats.get(commercialId);
    if (current == null) {
      d.seq++;
      d.putSeat(new Seat(commercialId, capacity, List.of(), 0, d.seq));
    } else if (current.capacity() != Math.max(capacity, current.load())) {
      // a lower capacity never drops a conversation: it stops at the visitors the commercial has
      d.putSeat(
          new Seat(
              commercialId,
              Math.max(capacity, current.load()),
              current.visitors(),
              current.lastAssignedSequence(),
              current.joinedSequence()));
    }
    d.drain(policy);
    return d.finish();
  }

  /**
   * A commercial went offline past its grace period: unseated; its visitors go to other commercials
   * or back to the front of the queue, oldest first.
   */
  public Change commercialGone(UserId commercialId, AssignmentPolicy policy, Instant at) {
    SalesFloorDraft d = draft(at);
    Seat seat = d.seats.remove(commercialId);
    if (seat != null) {
      d.changed = true;
      List<UserId> orphans = seat.visitors();
      for (UserId v : orphans) {
        d.assignments = d.assignments.remove(v.value());
        d.events.add(
            new VisitorUnassigned(
                EventIds.next(), at, companyId, v, commercialId, COMMERCIAL_OFFLINE));
      }
      d.enqueueAtFront(orphans);
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
  public Result<Change> assign(
      UserId visitorId, UserId commercialId, AssignmentPolicy policy, Instant at) {
    SalesFloorDraft d = draft(at);
    Seat seat = d.seats.get(commercialId);
    if (seat == null) {
      return Result.failure(
          ErrorCode.USER_NOT_CONNECTED, "commercial " + commercialId + " is not available");
    }
    UserId previous = d.assignments.get(visitorId.value());
    if (commercialId.equals(previous)) {
      return Result.ok(d.finish());
    }
    if (previous == null && !d.isQueued(visitorId)) {
      return Result.failure(
          ErrorCode.INVALID_ARGUMENT, "visitor " + visitorId + " is not waiting for a commercial");
    }
    if (!seat.hasRoom()) {
      return Result.failure(ErrorCode.CONFLICT, "commercial " + commercialId + " has no room");
    }
    d.dequeue(visitorId);
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
    SalesFloorDraft d = draft(at);
    if (!d.assignments.containsKey(visitorId.value())) {
      return Result.failure(
          ErrorCode.INVALID_ARGUMENT, "visitor " + visitorId + " is not assigned");
    }
    d.unassign(visitorId, RELEASED);
    d.drain(policy);
    return Result.ok(d.finish());
  }

  /** A plain-data copy, for repositories that store documents. */
  public Primitives toPrimitives() {
    List<Primitives.SeatPrimitives> list = new ArrayList<>(seats.size());
    for (Seat s : seats.values()) {
      list.add(
          new Primitives.SeatPrimitives(
              s.commercialId().value(),
              s.capacity(),
              s.visitors().stream().map(UserId::value).toList(),
              s.lastAssignedSequence(),
              s.joinedSequence()));
    }
    List<String> waiting = new ArrayList<>(queue.size());
    queue.forEach(v -> waiting.add(v.value()));
    return new Primitives(companyId.toString(), list, waiting, sequence);
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
    RankedTree<String, UserId> assignments = RankedTree.empty();
    for (Primitives.SeatPrimitives sp : p.seats()) {
      UserId commercial = UserId.of(sp.commercialId());
      List<UserId> visitors = sp.visitors().stream().map(UserId::of).toList();
      if (visitors.size() > sp.capacity()) {
        throw DomainException.invalid("seat " + commercial + " is over capacity");
      }
      for (UserId v : visitors) {
        if (assignments.containsKey(v.value())) {
          throw DomainException.invalid("visitor " + v + " is assigned twice");
        }
        assignments = assignments.put(v.value(), commercial);
      }
      if (seats.put(
              commercial,
              new Seat(
                  commercial,
                  sp.capacity(),
                  visitors,
                  sp.lastAssignedSequence(),
                  sp.joinedSequence()))
          != null) {
        throw DomainException.invalid("commercial " + commercial + " is seated twice");
      }
    }
    WaitingQueue queue = WaitingQueue.empty();
    for (String id : p.queue()) {
      UserId v = UserId.of(id);
      if (queue.contains(v) || assignments.containsKey(v.value())) {
        throw DomainException.invalid("a queued visitor is queued twice or also assigned");
      }
      queue = queue.withArrival(v);
    }
    return new SalesFloor(
        CompanyId.of(p.companyId()),
        Collections.unmodifiableMap(seats),
        assignments,
        queue,
        p.sequence());
  }

  /**
   * Plain data of a {@link SalesFloor}.
   *
   * @param companyId the company UUID
   * @param seats the seated commercials, in arrival order
   * @param queue the waiting visitors, next first
   * @param sequence the floor's assignment counter
   */
  public record Primitives(
      String companyId, List<SeatPrimitives> seats, List<String> queue, long sequence) {
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
    public record SeatPrimitives(
        String commercialId,
        int capacity,
        List<String> visitors,
        long lastAssignedSequence,
        long joinedSequence) {
      /** Copies the list. */
      public SeatPrimitives {
        visitors = List.copyOf(visitors);
      }
    }
  }

  private SalesFloorDraft draft(Instant at) {
    return new SalesFloorDraft(this, companyId, seats, assignments, queue, sequence, at);
  }

  /**
   * The result of a change to the floor.
   *
   * @param floor the floor after it
   * @param events what happened, in order: assignments, unassignments, and a {@link VisitorQueued}
   *     for each visitor that joined the queue (with its position after the change)
   * @param queueMoved whether visitors already waiting before the change may have another position
   *     now (someone ahead of them left the queue or was put back at its front); their new
   *     positions are read with {@link SalesFloor#positionOf} or {@link SalesFloor#queue(int, int)}
   */
  public record Change(SalesFloor floor, List<DomainEvent> events, boolean queueMoved) {
    /** Copies the events. */
    public Change {
      Objects.requireNonNull(floor, "floor");
      events = List.copyOf(events);
    }

    /** A change that moved nobody already waiting. */
    public Change(SalesFloor floor, List<DomainEvent> events) {
      this(floor, events, false);
    }
  }
}
