package io.realtimekit.domain.assignment;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.DomainException;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import io.realtimekit.domain.event.DomainEvent;
import io.realtimekit.domain.event.EventIds;
import io.realtimekit.domain.event.VisitorAssigned;
import io.realtimekit.domain.event.VisitorQueued;
import io.realtimekit.domain.event.VisitorUnassigned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <p>Big companies: the queue is kept as persistent ranked trees (an arrival sequence number per
 * waiting visitor, ordered with subtree sizes), so arrival, departure, claim, head removal and
 * {@link #positionOf} take O(log n) and share structure with the previous floor instead of copying
 * it; the floor stays immutable from the outside. A change never emits one event per waiting
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

  /** arrival sequence -> waiting visitor; the smallest sequence is the head. */
  private final RankedTree<Long, UserId> queue;

  /** waiting visitor id -> its arrival sequence. */
  private final RankedTree<String, Long> queued;

  /** the sequence the next visitor put back at the front gets (decreasing). */
  private final long front;

  /** the sequence the next arriving visitor gets (increasing). */
  private final long back;

  private final long sequence;

  private SalesFloor(
      CompanyId companyId,
      Map<UserId, Seat> seats,
      RankedTree<String, UserId> assignments,
      RankedTree<Long, UserId> queue,
      RankedTree<String, Long> queued,
      long front,
      long back,
      long sequence) {
    this.companyId = companyId;
    this.seats = seats;
    this.assignments = assignments;
    this.queue = queue;
    this.queued = queued;
    this.front = front;
    this.back = back;
    this.sequence = sequence;
  }

  /** An empty floor: nobody online, nobody waiting. */
  public static SalesFloor empty(CompanyId companyId) {
    return new SalesFloor(
        Objects.requireNonNull(companyId, "companyId"),
        Map.of(),
        RankedTree.empty(),
        RankedTree.empty(),
        RankedTree.empty(),
        0,
        1,
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
    return queue.values(0, queue.size());
  }

  /**
   * A page of the queue: at most {@code limit} waiting visitors from 0-based index {@code from}
   * (position {@code from + 1}), next to be served first. O(log n + limit).
   */
  public List<UserId> queue(int from, int limit) {
    if (from < 0 || limit < 0) {
      throw new IllegalArgumentException("from and limit must not be negative");
    }
    return queue.values(from, limit);
  }

  /** How many visitors wait. */
  public int queueLength() {
    return queue.size();
  }

  /** A visitor's place in the queue (1-based), or empty when it is not waiting. O(log n). */
  public Optional<Integer> positionOf(UserId visitorId) {
    Long s = queued.get(visitorId.value());
    return s == null ? Optional.empty() : Optional.of(queue.rank(s) + 1);
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
    Draft d = new Draft(at);
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
    Draft d = new Draft(at);
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
    Draft d = new Draft(at);
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
    Draft d = new Draft(at);
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
    Draft d = new Draft(at);
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
    Draft d = new Draft(at);
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
    queue.forEach((s, v) -> waiting.add(v.value()));
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
    RankedTree<Long, UserId> queue = RankedTree.empty();
    RankedTree<String, Long> queued = RankedTree.empty();
    long s = 0;
    for (String id : p.queue()) {
      UserId v = UserId.of(id);
      if (queued.containsKey(v.value()) || assignments.containsKey(v.value())) {
        throw DomainException.invalid("a queued visitor is queued twice or also assigned");
      }
      s++;
      queue = queue.put(s, v);
      queued = queued.put(v.value(), s);
    }
    return new SalesFloor(
        CompanyId.of(p.companyId()),
        Collections.unmodifiableMap(seats),
        assignments,
        queue,
        queued,
        0,
        s + 1,
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

  /**
   * The working copy of one change; frozen by {@link #finish()}. The persistent trees are replaced
   * by newer versions, never changed in place, so the floor it started from stays as it was.
   */
  private final class Draft {
    final Instant at;
    final LinkedHashMap<UserId, Seat> seats = new LinkedHashMap<>(SalesFloor.this.seats);
    RankedTree<String, UserId> assignments = SalesFloor.this.assignments;
    RankedTree<Long, UserId> queue = SalesFloor.this.queue;
    RankedTree<String, Long> queued = SalesFloor.this.queued;
    long front = SalesFloor.this.front;
    long back = SalesFloor.this.back;
    final List<DomainEvent> events = new ArrayList<>();

    /** Visitors that joined the queue in this change, told their position by {@link #finish()}. */
    final LinkedHashSet<UserId> entered = new LinkedHashSet<>();

    long seq = sequence;
    boolean changed;

    /**
     * Whether visitors that were waiting before this change (and still are) may have a new
     * position.
     */
    boolean moved;

    Draft(Instant at) {
      this.at = at;
    }

    void putSeat(Seat seat) {
      seats.put(seat.commercialId(), seat);
      changed = true;
    }

    boolean isQueued(UserId visitor) {
      return queued.containsKey(visitor.value());
    }

    void enqueue(UserId visitor) {
      long s = back++;
      queue = queue.put(s, visitor);
      queued = queued.put(visitor.value(), s);
      entered.add(visitor);
      changed = true;
    }

    /** Puts {@code visitors} at the front of the queue, the first of them first. */
    void enqueueAtFront(List<UserId> visitors) {
      if (visitors.isEmpty()) {
        return;
      }
      moved |= !queue.isEmpty();
      for (int i = visitors.size() - 1; i >= 0; i--) {
        long s = front--;
        queue = queue.put(s, visitors.get(i));
        queued = queued.put(visitors.get(i).value(), s);
        entered.add(visitors.get(i));
      }
      changed = true;
    }

    /** Takes a visitor out of the queue; false when it was not waiting. */
    boolean dequeue(UserId visitor) {
      Long s = queued.get(visitor.value());
      if (s == null) {
        return false;
      }
      boolean anyBehind = queue.rank(s) < queue.size() - 1;
      queue = queue.remove(s);
      queued = queued.remove(visitor.value());
      entered.remove(visitor);
      moved |= anyBehind;
      changed = true;
      return true;
    }

    void assign(UserId visitor, UserId commercial) {
      Seat s = seats.get(commercial);
      List<UserId> visitors = new ArrayList<>(s.visitors());
      visitors.add(visitor);
      seq++;
      putSeat(new Seat(commercial, s.capacity(), visitors, seq, s.joinedSequence()));
      assignments = assignments.put(visitor.value(), commercial);
      events.add(new VisitorAssigned(EventIds.next(), at, companyId, visitor, commercial));
    }

    void unassign(UserId visitor, String reason) {
      UserId commercial = assignments.get(visitor.value());
      if (commercial == null) {
        return;
      }
      assignments = assignments.remove(visitor.value());
      changed = true;
      Seat s = seats.get(commercial);
      if (s != null) {
        List<UserId> visitors = new ArrayList<>(s.visitors());
        visitors.remove(visitor);
        putSeat(
            new Seat(
                commercial, s.capacity(), visitors, s.lastAssignedSequence(), s.joinedSequence()));
      }
      events.add(
          new VisitorUnassigned(EventIds.next(), at, companyId, visitor, commercial, reason));
    }

    /** Serves the queue from its head while the policy picks a commercial with room. */
    void drain(AssignmentPolicy policy) {
      while (!queue.isEmpty()) {
        List<Seat> candidates = seats.values().stream().filter(Seat::hasRoom).toList();
        if (candidates.isEmpty()) {
          return;
        }
        UserId head = queue.get(queue.firstKey());
        Optional<UserId> chosen = policy.choose(head, candidates);
        if (chosen.isEmpty()) {
          return;
        }
        Seat seat = seats.get(chosen.get());
        if (seat == null || !seat.hasRoom()) {
          throw new IllegalStateException(
              "policy " + policy.name() + " chose a commercial that is not a candidate");
        }
        dequeue(head);
        assign(head, chosen.get());
      }
    }

    /**
     * Freezes the change. Visitors that joined the queue get a {@link VisitorQueued} with their
     * exact position; the others whose place moved are flagged by {@link Change#queueMoved()} (one
     * flag, not one event per waiting visitor).
     */
    Change finish() {
      for (UserId v : entered) {
        Long s = queued.get(v.value());
        events.add(new VisitorQueued(EventIds.next(), at, companyId, v, queue.rank(s) + 1));
      }
      if (!changed && events.isEmpty() && seq == sequence) {
        return new Change(SalesFloor.this, List.of());
      }
      SalesFloor next =
          new SalesFloor(
              companyId,
              Collections.unmodifiableMap(new LinkedHashMap<>(seats)),
              assignments,
              queue,
              queued,
              front,
              back,
              seq);
      return new Change(next, events, moved);
    }
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
