package io.realtimekit.domain.assignment;

import io.realtimekit.domain.CompanyId;
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
import java.util.Optional;

/**
 * The working copy of one change to a {@link SalesFloor}; frozen by {@link #finish()}. The
 * persistent trees and the {@link WaitingQueue} are replaced by newer versions, never changed in
 * place, so the floor it started from stays as it was. Used by one thread, for one change.
 */
final class SalesFloorDraft {
  private final SalesFloor from;
  private final CompanyId companyId;
  private final long startSequence;
  final Instant at;
  final LinkedHashMap<UserId, Seat> seats;
  RankedTree<String, UserId> assignments;
  WaitingQueue queue;
  final List<DomainEvent> events = new ArrayList<>();

  /** Visitors that joined the queue in this change, told their position by {@link #finish()}. */
  final LinkedHashSet<UserId> entered = new LinkedHashSet<>();

  long seq;
  boolean changed;

  /**
   * Whether visitors that were waiting before this change (and still are) may have a new position.
   */
  boolean moved;

  SalesFloorDraft(
      SalesFloor from,
      CompanyId companyId,
      Map<UserId, Seat> seats,
      RankedTree<String, UserId> assignments,
      WaitingQueue queue,
      long sequence,
      Instant at) {
    this.from = from;
    this.companyId = companyId;
    this.seats = new LinkedHashMap<>(seats);
    this.assignments = assignments;
    this.queue = queue;
    this.startSequence = sequence;
    this.seq = sequence;
    this.at = at;
  }

  void putSeat(Seat seat) {
    seats.put(seat.commercialId(), seat);
    changed = true;
  }

  boolean isQueued(UserId visitor) {
    return queue.contains(visitor);
  }

  void enqueue(UserId visitor) {
    queue = queue.withArrival(visitor);
    entered.add(visitor);
    changed = true;
  }

  /** Puts {@code visitors} at the front of the queue, the first of them first. */
  void enqueueAtFront(List<UserId> visitors) {
    if (visitors.isEmpty()) {
      return;
    }
    moved |= !queue.isEmpty();
    queue = queue.withAtFront(visitors);
    for (int i = visitors.size() - 1; i >= 0; i--) {
      entered.add(visitors.get(i));
    }
    changed = true;
  }

  /** Takes a visitor out of the queue; false when it was not waiting. */
  boolean dequeue(UserId visitor) {
    int index = queue.indexOf(visitor);
    if (index < 0) {
      return false;
    }
    boolean anyBehind = index < queue.size() - 1;
    queue = queue.without(visitor);
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
    events.add(new VisitorUnassigned(EventIds.next(), at, companyId, visitor, commercial, reason));
  }

  /** Serves the queue from its head while the policy picks a commercial with room. */
  void drain(AssignmentPolicy policy) {
    while (!queue.isEmpty()) {
      List<Seat> candidates = seats.values().stream().filter(Seat::hasRoom).toList();
      if (candidates.isEmpty()) {
        return;
      }
      UserId head = queue.head();
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
   * Freezes the change. Visitors that joined the queue get a {@link VisitorQueued} with their exact
   * position; the others whose place moved are flagged by {@link SalesFloor.Change#queueMoved()}
   * (one flag, not one event per waiting visitor).
   */
  SalesFloor.Change finish() {
    for (UserId v : entered) {
      events.add(new VisitorQueued(EventIds.next(), at, companyId, v, queue.indexOf(v) + 1));
    }
    if (!changed && events.isEmpty() && seq == startSequence) {
      return new SalesFloor.Change(from, List.of());
    }
    SalesFloor next =
        new SalesFloor(
            companyId,
            Collections.unmodifiableMap(new LinkedHashMap<>(seats)),
            assignments,
            queue,
            seq);
    return new SalesFloor.Change(next, events, moved);
  }
}
