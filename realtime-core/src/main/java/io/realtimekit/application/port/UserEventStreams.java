package io.realtimekit.application.port;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One event stream per user, keyed by (company, user): the events worth keeping that were pushed to
 * the user (chat messages, receipts, notifications, assignment events), written once whatever the
 * number of the user's sockets, read by any socket of that user on any node to recover what it
 * missed. A position is an {@code epoch} and an {@code offset} ({@link StreamPosition}).
 *
 * <p>Contract, checked by the {@code UserEventStreamsContract} suite:
 *
 * <ul>
 *   <li>Tenant isolation: the key is (company, user); a position of one stream never reads another.
 *   <li>Ordering: within one epoch, offsets start at 1 and grow by one per append, in the order the
 *       appends took effect; an append is visible to every read that starts after it returned.
 *   <li>Trim: events older than the window or beyond the size cap ({@link StreamLimits}) are
 *       dropped, oldest first; a read after a position whose next event was dropped answers {@link
 *       StreamRead.Reason#HISTORY_TRIMMED}, never a partial history. A store may keep an event a
 *       little longer than its limits (a Redis stream trims in whole blocks), never shorter.
 *   <li>Epoch: it changes whenever history is lost (a restart of an in-memory node, a Redis restart
 *       without persistence, a stream forgotten after a long idle time), and offsets start again at
 *       1; a read with another epoch answers {@link StreamRead.Reason#EPOCH_CHANGED}. An epoch is
 *       never reused.
 *   <li>Thread-safe; methods may block on a remote store, and throw {@link IllegalStateException}
 *       (or a subclass) when it cannot be reached.
 * </ul>
 */
public interface UserEventStreams {

  /**
   * Appends one event to the user's stream (creating the stream, with a new epoch, if absent) and
   * returns its position: the current epoch and the event's offset, one more than the last.
   */
  StreamPosition append(CompanyId companyId, UserId userId, String type, String payloadJson);

  /**
   * Appends one event to the stream of each of {@code userIds} (all of company {@code companyId}),
   * as {@link #append} does for each, and returns each user's position, in the iteration order of
   * {@code userIds}: one entry per user, each the offset of that user's own stream. A conversation
   * message is kept this way for all its participants.
   *
   * <p>A store that can should do it in one operation (one round trip, all appended or none); the
   * default calls {@link #append} once per user, so when it throws part-way, the users before the
   * failure keep the event.
   */
  default Map<UserId, StreamPosition> appendAll(
      CompanyId companyId, Set<UserId> userIds, String type, String payloadJson) {
    Map<UserId, StreamPosition> positions = new LinkedHashMap<>();
    for (UserId u : userIds) {
      positions.put(u, append(companyId, u, type, payloadJson));
    }
    return positions;
  }

  /**
   * The events after {@code after}, oldest first, at most {@code maxCount} of them ({@link
   * StreamRead.Events}), or why they cannot be given without a gap ({@link StreamRead.Lost}: the
   * epoch differs, history after the position was trimmed, or the offset is ahead of the stream).
   */
  StreamRead readAfter(CompanyId companyId, UserId userId, StreamPosition after, int maxCount);

  /**
   * The stream's current position: its epoch and the offset of its last event (0 when none was
   * appended in this epoch); creates the stream's epoch when absent, so a client can start from it.
   */
  StreamPosition position(CompanyId companyId, UserId userId);

  /**
   * Drops the events outside the limits of every stream, and forgets streams idle for long; a store
   * that trims by itself (on append and by key expiry) may do nothing.
   */
  void trim();
}
