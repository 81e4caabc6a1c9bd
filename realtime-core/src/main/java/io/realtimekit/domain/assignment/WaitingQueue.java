package io.realtimekit.domain.assignment;

import io.realtimekit.domain.UserId;
import java.util.List;
import java.util.function.Consumer;

/**
 * The queue of a {@link SalesFloor}: visitors waiting for a commercial, in arrival order, with
 * visitors put back at its front ahead of everyone. A persistent value: every change returns a new
 * queue sharing structure with the previous one, which stays as it was.
 *
 * <p>Kept as two ranked trees: arrival sequence to visitor (the smallest sequence is the head) and
 * visitor to its sequence, so arrival, departure, head removal and a visitor's position take O(log
 * n). Arrivals get increasing sequences from {@code back}; visitors put back at the front get
 * decreasing ones from {@code front}.
 */
final class WaitingQueue {
  private static final WaitingQueue EMPTY =
      new WaitingQueue(RankedTree.empty(), RankedTree.empty(), 0, 1);

  /** arrival sequence -> waiting visitor; the smallest sequence is the head. */
  private final RankedTree<Long, UserId> bySequence;

  /** waiting visitor id -> its arrival sequence. */
  private final RankedTree<String, Long> sequences;

  /** the sequence the next visitor put back at the front gets (decreasing). */
  private final long front;

  /** the sequence the next arriving visitor gets (increasing). */
  private final long back;

  private WaitingQueue(
      RankedTree<Long, UserId> bySequence,
      RankedTree<String, Long> sequences,
      long front,
      long back) {
    this.bySequence = bySequence;
    this.sequences = sequences;
    this.front = front;
    this.back = back;
  }

  /** Nobody waiting. */
  static WaitingQueue empty() {
    return EMPTY;
  }

  int size() {
    return bySequence.size();
  }

  boolean isEmpty() {
    return bySequence.isEmpty();
  }

  boolean contains(UserId visitor) {
    return sequences.containsKey(visitor.value());
  }

  /** The 0-based index of {@code visitor} (its position less one), or -1 when it is not waiting. */
  int indexOf(UserId visitor) {
    Long s = sequences.get(visitor.value());
    return s == null ? -1 : bySequence.rank(s);
  }

  /** The next visitor to be served; the queue is not empty. */
  UserId head() {
    return bySequence.get(bySequence.firstKey());
  }

  /** At most {@code limit} waiting visitors from 0-based index {@code from}, head first. */
  List<UserId> page(int from, int limit) {
    return bySequence.values(from, limit);
  }

  /** Every waiting visitor, head first. */
  void forEach(Consumer<UserId> action) {
    bySequence.forEach((s, v) -> action.accept(v));
  }

  /** The queue with {@code visitor} arrived at its back; it is not waiting yet. */
  WaitingQueue withArrival(UserId visitor) {
    long s = back;
    return new WaitingQueue(
        bySequence.put(s, visitor), sequences.put(visitor.value(), s), front, back + 1);
  }

  /** The queue with {@code visitors} put at its front, the first of them first. */
  WaitingQueue withAtFront(List<UserId> visitors) {
    RankedTree<Long, UserId> q = bySequence;
    RankedTree<String, Long> seqs = sequences;
    long f = front;
    for (int i = visitors.size() - 1; i >= 0; i--) {
      long s = f--;
      q = q.put(s, visitors.get(i));
      seqs = seqs.put(visitors.get(i).value(), s);
    }
    return new WaitingQueue(q, seqs, f, back);
  }

  /** The queue without {@code visitor}, which is waiting. */
  WaitingQueue without(UserId visitor) {
    Long s = sequences.get(visitor.value());
    return new WaitingQueue(bySequence.remove(s), sequences.remove(visitor.value()), front, back);
  }
}
